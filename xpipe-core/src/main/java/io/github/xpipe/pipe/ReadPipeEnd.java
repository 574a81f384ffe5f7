package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.pipe.spi.MessageSizedSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.jspecify.annotations.Nullable;

/**
 * The reading end of a named pipe: opened like a file, it yields the messages writers send, decoded
 * with a {@link FrameCodec}. Each writer connection gets its own decoder, so on Windows concurrent
 * writers never corrupt each other.
 *
 * <p>A read end is long-lived: writers may come and go, and the last writer closing is not an error.
 * A rejected frame is reported (as a {@link FrameException} from {@link #read()}, or to
 * {@link PipeMessageListener#onError}) and reading goes on with the next one. A connection that may
 * start in the middle of a frame (on POSIX: the FIFO already held bytes when this end opened it, left
 * by a reader that may have stopped inside a frame) is decoded from the next frame boundary on
 * ({@link FrameDecoder#resynchronize()}); after a read end of the same {@link NamedPipe} that stopped
 * {@linkplain #isBetweenFrames() between frames} (see {@link NamedPipe#holdReader()}) it is not.
 *
 * <p>One thread reads; {@link #close()} may be called from any thread and ends a blocked
 * {@code read} within 100 ms with a {@link PipeClosedException}.
 */
public final class ReadPipeEnd implements AutoCloseable {

	private final NamedPipe pipe;

	private final FrameCodec codec;

	private final Dispatcher dispatcher = new Dispatcher();

	private final ArrayDeque<Object> pending = new ArrayDeque<>();

	private final PipeMessageListener queueing = new QueueingListener();

	private final EndLifecycle<PipeInput> lifecycle;

	/** A read end of a pipe this process created, or of a pipe described by a {@link NamedPipe}. */
	public ReadPipeEnd(NamedPipe pipe, FrameCodec codec) {
		this.pipe = pipe;
		this.codec = codec;
		this.lifecycle = new EndLifecycle<>(pipe, "read end");
	}

	/** A client read end of a pipe another process owns, given by bare name or path. */
	public ReadPipeEnd(String nameOrPath, FrameCodec codec) {
		this(NamedPipe.of(nameOrPath), codec);
	}

	/** The pipe this end belongs to. */
	public NamedPipe pipe() {
		return this.pipe;
	}

	/** Opens without waiting longer than {@link WritePipeEnd#DEFAULT_OPEN_TIMEOUT}. */
	public ReadPipeEnd open() throws PipeException {
		return open(WritePipeEnd.DEFAULT_OPEN_TIMEOUT);
	}

	/**
	 * Opens this end. On POSIX this never waits for a writer; a Windows client waits up to
	 * {@code timeout} for the server.
	 * @return this read end
	 */
	public ReadPipeEnd open(Duration timeout) throws PipeException {
		this.lifecycle.open(() -> this.pipe.backend().newInput(this.pipe.name(), this.pipe.path(), this.pipe.created(),
				this.pipe.options(), this.pipe.readerStandby()), timeout);
		return this;
	}

	/** Whether this end is open: {@link #open} succeeded and {@link #close()} was not called. */
	public boolean isOpen() {
		return this.lifecycle.isOpen();
	}

	/**
	 * Waits up to {@code timeout} for input and delivers every message, rejected frame and writer
	 * event it decodes from what one read returned. An exception a listener method throws does not
	 * lose the rest of the input: decoding finishes and the first such exception is rethrown at the
	 * end.
	 * @return the number of messages delivered (0 when the time passed with nothing read)
	 * @throws PipeClosedException when this end is closed, before or during the wait
	 */
	public int receive(PipeMessageListener listener, Duration timeout) throws IOException {
		int delivered = drainPending(listener);
		if (delivered > 0) {
			return delivered;
		}
		readOnce(listener, saturatedNanos(timeout));
		return this.dispatcher.takeMessageCount();
	}

	/**
	 * The next message, waiting as long as it takes.
	 * @throws FrameException for a rejected frame; the next call goes on with the frame after it
	 * @throws PipeClosedException when this end is closed, before or during the wait
	 */
	public byte[] read() throws IOException {
		byte[] message;
		do {
			message = read(Duration.ofSeconds(Long.MAX_VALUE));
		}
		while (message == null);
		return message;
	}

	/**
	 * The next message, or {@code null} when none arrived within {@code timeout}.
	 * @throws FrameException for a rejected frame; the next call goes on with the frame after it
	 * @throws PipeClosedException when this end is closed, before or during the wait
	 */
	public byte @Nullable [] read(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + saturatedNanos(timeout);
		while (this.pending.isEmpty()) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return null;
			}
			readOnce(this.queueing, remaining);
		}
		Object next = this.pending.poll();
		if (next instanceof FrameException error) {
			throw error;
		}
		return (byte[]) next;
	}

	/**
	 * Whether no decoder holds part of a frame, i.e. reading stopped on a frame boundary, so that
	 * another read end of the same pipe would start on a frame. Call it from the reading thread.
	 */
	public boolean isBetweenFrames() {
		return this.dispatcher.decoders.values().stream().allMatch((decoder) -> decoder.bufferedBytes() == 0);
	}

	/**
	 * What this end is doing: reading, waiting for its pipe (on POSIX, a FIFO removed while being
	 * read, until one appears at the path again), or closed; with how often it followed the FIFO at
	 * its path to a new one. May be called from any thread.
	 */
	public ReadEndStatus status() {
		if (!this.lifecycle.isOpen()) {
			return ReadEndStatus.CLOSED;
		}
		try {
			return this.lifecycle.require().status();
		}
		catch (PipeClosedException | IllegalStateException ex) {
			return ReadEndStatus.CLOSED;
		}
	}

	/** Closes this end; a blocked read in another thread ends with a {@link PipeClosedException}. Idempotent. */
	@Override
	public void close() {
		this.lifecycle.close();
	}

	private void readOnce(PipeMessageListener listener, long timeoutNanos) throws IOException {
		PipeInput current = this.lifecycle.require();
		this.dispatcher.takeMessageCount();
		this.dispatcher.listener = listener;
		try {
			current.read(this.dispatcher, timeoutNanos);
		}
		catch (PipeClosedException ex) {
			throw ex;
		}
		catch (IOException ex) {
			if (this.lifecycle.isClosed()) {
				throw new PipeClosedException(this.pipe.name(), "read end was closed", ex);
			}
			throw ex;
		}
		finally {
			this.dispatcher.listener = null;
		}
		this.dispatcher.rethrowListenerFailure();
	}

	private int drainPending(PipeMessageListener listener) {
		int delivered = 0;
		Object next;
		while ((next = this.pending.poll()) != null) {
			if (next instanceof FrameException error) {
				listener.onError(error);
			}
			else {
				listener.onMessage((byte[]) next);
				delivered++;
			}
		}
		return delivered;
	}

	private static long saturatedNanos(Duration timeout) {
		if (timeout.isNegative()) {
			return 0;
		}
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Routes each connection's bytes through its own decoder to the current listener, and tells the
	 * input how much of a frame a decoder still misses, so that a large frame is read in few reads.
	 */
	private final class Dispatcher implements MessageSizedSink, FrameSink {

		private final Map<Long, FrameDecoder> decoders = new HashMap<>();

		@Nullable PipeMessageListener listener;

		private int messageCount;

		private @Nullable RuntimeException listenerFailure;

		@Override
		public void onConnected(long connectionId) {
			onConnected(connectionId, false);
		}

		@Override
		public void onConnected(long connectionId, boolean mayStartMidFrame) {
			FrameDecoder decoder = ReadPipeEnd.this.codec.newDecoder(ReadPipeEnd.this.pipe.name());
			if (mayStartMidFrame) {
				decoder.resynchronize();
			}
			this.decoders.put(connectionId, decoder);
			PipeMessageListener target = this.listener;
			try {
				if (target != null) {
					target.onWriterConnected(connectionId);
				}
			}
			catch (RuntimeException ex) {
				recordFailure(ex);
			}
		}

		@Override
		public void onData(long connectionId, ByteBuffer data) {
			FrameDecoder decoder = this.decoders.get(connectionId);
			if (decoder == null) {
				decoder = ReadPipeEnd.this.codec.newDecoder(ReadPipeEnd.this.pipe.name());
				this.decoders.put(connectionId, decoder);
			}
			decoder.decode(data, this);
		}

		@Override
		public boolean isBetweenFrames(long connectionId) {
			FrameDecoder decoder = this.decoders.get(connectionId);
			return decoder == null || decoder.bufferedBytes() == 0;
		}

		@Override
		public long missingMessageBytes(long connectionId) {
			FrameDecoder decoder = this.decoders.get(connectionId);
			return (decoder != null) ? decoder.missingBytes() : 0;
		}

		@Override
		public void onDisconnected(long connectionId) {
			FrameDecoder decoder = this.decoders.remove(connectionId);
			if (decoder != null) {
				decoder.endOfStream(this);
			}
			PipeMessageListener target = this.listener;
			try {
				if (target != null) {
					target.onWriterDisconnected(connectionId);
				}
			}
			catch (RuntimeException ex) {
				recordFailure(ex);
			}
		}

		@Override
		public void onFrame(byte[] payload) {
			this.messageCount++;
			PipeMessageListener target = this.listener;
			try {
				if (target != null) {
					target.onMessage(payload);
				}
			}
			catch (RuntimeException ex) {
				recordFailure(ex);
			}
		}

		@Override
		public void onError(FrameException error) {
			PipeMessageListener target = this.listener;
			try {
				if (target != null) {
					target.onError(error);
				}
			}
			catch (RuntimeException ex) {
				recordFailure(ex);
			}
		}

		int takeMessageCount() {
			int count = this.messageCount;
			this.messageCount = 0;
			return count;
		}

		void rethrowListenerFailure() {
			RuntimeException failure = this.listenerFailure;
			this.listenerFailure = null;
			if (failure != null) {
				throw failure;
			}
		}

		private void recordFailure(RuntimeException ex) {
			if (this.listenerFailure == null) {
				this.listenerFailure = ex;
			}
			else if (this.listenerFailure != ex) {
				this.listenerFailure.addSuppressed(ex);
			}
		}

	}

	/** Collects deliveries for {@link #read(Duration)}. */
	private final class QueueingListener implements PipeMessageListener {

		@Override
		public void onMessage(byte[] payload) {
			ReadPipeEnd.this.pending.add(payload);
		}

		@Override
		public void onError(FrameException error) {
			ReadPipeEnd.this.pending.add(error);
		}

	}

}
