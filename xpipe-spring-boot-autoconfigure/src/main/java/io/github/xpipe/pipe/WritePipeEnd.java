package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The writing end of a named pipe: opened like a file, each {@link #write} sends one message as one
 * frame of the {@link FrameCodec}.
 *
 * <p>Thread-safe: concurrent writers in one process never interleave frames. A frame goes out in
 * one {@code write()} where it fits, so frames up to PIPE_BUF bytes are atomic even between
 * processes. When the reader goes away, a write fails with a {@link BrokenPipeException} and this
 * end is finished: open a new one to reconnect.
 */
public final class WritePipeEnd implements AutoCloseable {

	/** How long {@link #open()} (and {@link ReadPipeEnd#open()}) waits for the other side: 30 s. */
	public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);

	private static final int RETAINED_BUFFER_LIMIT = 1024 * 1024;

	private final NamedPipe pipe;

	private final FrameCodec codec;

	private final ReentrantLock writeLock = new ReentrantLock();

	private final Object lifecycleMonitor = new Object();

	private @Nullable PipeOutput output;

	private volatile boolean closed;

	private ByteBuffer frameBuffer = ByteBuffer.allocateDirect(64 * 1024);

	/** A write end of a pipe this process created, or of a pipe described by a {@link NamedPipe}. */
	public WritePipeEnd(NamedPipe pipe, FrameCodec codec) {
		this.pipe = pipe;
		this.codec = codec;
	}

	/** A client write end of a pipe another process owns, given by bare name or path. */
	public WritePipeEnd(String nameOrPath, FrameCodec codec) {
		this(NamedPipe.of(nameOrPath), codec);
	}

	/** The pipe this end belongs to. */
	public NamedPipe pipe() {
		return this.pipe;
	}

	/** Opens, waiting at most {@link #DEFAULT_OPEN_TIMEOUT} for a reader. */
	public WritePipeEnd open() throws PipeException {
		return open(DEFAULT_OPEN_TIMEOUT);
	}

	/**
	 * Opens this end, waiting up to {@code timeout} for a reader. {@link #close()} from another
	 * thread cancels the wait within 100 ms.
	 * @return this write end
	 * @throws PipeTimeoutException when no reader appeared in time
	 * @throws PipeClosedException when closed while waiting
	 */
	public WritePipeEnd open(Duration timeout) throws PipeException {
		PipeOutput newOutput;
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new PipeClosedException(this.pipe.name(), "write end is closed");
			}
			if (this.output != null) {
				throw new IllegalStateException("Write end of pipe '" + this.pipe.name() + "' is already open");
			}
			newOutput = this.pipe.backend()
				.newOutput(this.pipe.name(), this.pipe.path(), this.pipe.created(), this.pipe.options());
			this.output = newOutput;
		}
		try {
			newOutput.open(timeout);
		}
		catch (PipeException | RuntimeException ex) {
			close();
			throw ex;
		}
		return this;
	}

	/** Whether this end is open: {@link #open} succeeded and {@link #close()} was not called. */
	public boolean isOpen() {
		synchronized (this.lifecycleMonitor) {
			return this.output != null && !this.closed;
		}
	}

	/** Sends one message. */
	public void write(byte[] payload) throws IOException {
		write(payload, 0, payload.length);
	}

	/**
	 * Sends {@code payload[offset, offset+length)} as one message, blocking while the pipe is full.
	 * @throws io.github.xpipe.codec.FrameTooLargeException when the message exceeds the codec's maximum
	 * @throws BrokenPipeException when the reader has gone
	 * @throws PipeClosedException when this end is closed
	 */
	public void write(byte[] payload, int offset, int length) throws IOException {
		this.writeLock.lock();
		try {
			PipeOutput current = requireOpen();
			int frameLength = this.codec.encodedLength(length);
			ByteBuffer frame = frameBuffer(frameLength);
			this.codec.encode(payload, offset, length, frame);
			frame.flip();
			try {
				current.write(frame);
			}
			catch (PipeClosedException ex) {
				throw ex;
			}
			catch (IOException ex) {
				if (this.closed) {
					throw new PipeClosedException(this.pipe.name(), "write end was closed", ex);
				}
				throw ex;
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/** Closes this end; a blocked open or write in another thread ends within 100 ms. Idempotent. */
	@Override
	public void close() {
		PipeOutput toClose;
		synchronized (this.lifecycleMonitor) {
			this.closed = true;
			toClose = this.output;
		}
		if (toClose != null) {
			toClose.close();
		}
	}

	private ByteBuffer frameBuffer(int frameLength) {
		if (frameLength > RETAINED_BUFFER_LIMIT) {
			return ByteBuffer.allocate(frameLength);
		}
		if (this.frameBuffer.capacity() < frameLength) {
			this.frameBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(frameLength - 1) << 1);
		}
		this.frameBuffer.clear();
		return this.frameBuffer;
	}

	private PipeOutput requireOpen() throws PipeClosedException {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new PipeClosedException(this.pipe.name(), "write end is closed");
			}
			if (this.output == null) {
				throw new IllegalStateException("Write end of pipe '" + this.pipe.name() + "' is not open: call open() first");
			}
			return this.output;
		}
	}

}
