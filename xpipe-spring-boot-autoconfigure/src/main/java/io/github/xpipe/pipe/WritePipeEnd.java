package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The writing end of a named pipe: opened like a file, each {@link #write} sends one message as one
 * frame of the {@link FrameCodec}.
 *
 * <p><b>Thread-safe, with adaptive coalescing.</b> Concurrent senders never interleave frames. When
 * one {@code write()} system call is in progress and other senders arrive, their frames are appended
 * to a shared batch; when the call returns, one of the waiting senders (the combiner) hands the whole
 * batch to the operating system in a single {@code write()} and completes the others. A sender that
 * finds no write in progress writes at once: a lone frame is never held back by a timer, and batching
 * appears only when frames are already queueing. Batches hold whole frames only, and are at most
 * {@linkplain PipeOutput#atomicWriteLimit() PIPE_BUF} bytes (4096 on Linux), so every batch is one
 * atomic {@code write()} and several writer processes may share one FIFO safely. A pipe that has this
 * end as its only writer may allow batches of up to 64 KiB with {@link PipeOptions#singleWriter()}.
 * A frame larger than the batch limit always leaves on its own; on POSIX, frames over PIPE_BUF are
 * atomic only when the FIFO has a single writer process.
 *
 * <p><b>Failures reach every sender.</b> {@link #write} returns normally only once its frame was
 * handed to the kernel. When a batch cannot be written, every sender whose frame it carried gets a
 * typed exception: a {@link BrokenPipeException} when the reader has gone (this end is then
 * finished: open a new one to reconnect), a {@link PipeClosedException} when this end was closed.
 *
 * <p><b>Buffered sending (opt-in).</b> A single thread cannot coalesce with itself while each call
 * waits for its own {@code write()}. {@link #enqueue} instead appends the frame to the batch and
 * returns; the batch leaves when the next frame does not fit (the caller then writes it, so a full
 * pipe still blocks the sender), when any thread calls {@link #write}, or on {@link #flush()}. An
 * enqueued message is handed to the kernel only once a later {@code flush()} (or {@code write()}) of
 * this thread returned normally. If a batch carrying enqueued frames fails, the failure is thrown by
 * the call that wrote it and, when the batch also carried another thread's enqueued frames, once more
 * by the next call on this end. {@link #close()} does not flush: call
 * {@code flush()} first.
 */
public final class WritePipeEnd implements AutoCloseable {

	/** How long {@link #open()} (and {@link ReadPipeEnd#open()}) waits for the other side: 30 s. */
	public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);

	/** The largest batch of frames one {@code write()} carries on a {@link PipeOptions#singleWriter() single-writer} pipe: 64 KiB. */
	public static final int SINGLE_WRITER_BATCH_LIMIT = 64 * 1024;

	/** A frame up to this size is encoded into a retained direct buffer (so a 1 MiB message is too). */
	private static final int RETAINED_BUFFER_LIMIT = 2 * 1024 * 1024;

	private final NamedPipe pipe;

	private final FrameCodec codec;

	private final EndLifecycle<PipeOutput> lifecycle;

	/** Guards the batch state below; never held during a system call. */
	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled whenever a write ends or a batch is taken. */
	private final Condition progress = this.lock.newCondition();

	private int batchLimit;

	/** The batch being filled: frames waiting for the current write to end. */
	private ByteBuffer filling = ByteBuffer.allocate(0);

	/** The other batch buffer, free whenever no write is in progress. */
	private @Nullable ByteBuffer spare;

	/** Completes the senders waiting on {@link #filling}; created when the first one waits. */
	private @Nullable Completion fillingCompletion;

	/** The thread whose {@link #enqueue enqueued} frames {@link #filling} carries, if only one thread's. */
	private @Nullable Thread bufferedBy;

	/** Whether {@link #filling} carries enqueued frames of more than one thread. */
	private boolean bufferedByMany;

	/** Whether a thread is in a {@code write()} (the combiner): it owns the taken batch and the solo buffer. */
	private boolean writing;

	/** A failed batch's error still owed to a buffered sender. */
	private @Nullable IOException unreportedFailure;

	/** For frames larger than the batch limit; used only by the thread that set {@link #writing}. */
	private ByteBuffer soloBuffer = ByteBuffer.allocate(0);

	/** A write end of a pipe this process created, or of a pipe described by a {@link NamedPipe}. */
	public WritePipeEnd(NamedPipe pipe, FrameCodec codec) {
		this.pipe = pipe;
		this.codec = codec;
		this.lifecycle = new EndLifecycle<>(pipe, "write end");
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
		this.lifecycle.open(
				() -> this.pipe.backend().newOutput(this.pipe.name(), this.pipe.path(), this.pipe.created(), this.pipe.options()),
				(output) -> allocateBatches(this.pipe.options().singleWriter() ? SINGLE_WRITER_BATCH_LIMIT
						: Math.min(output.atomicWriteLimit(), SINGLE_WRITER_BATCH_LIMIT)),
				timeout);
		return this;
	}

	/** Whether this end is open: {@link #open} succeeded and {@link #close()} was not called. */
	public boolean isOpen() {
		return this.lifecycle.isOpen();
	}

	/**
	 * The most bytes one {@code write()} of several frames carries: the output's
	 * {@linkplain PipeOutput#atomicWriteLimit() atomic write limit} (PIPE_BUF on POSIX,
	 * {@value #SINGLE_WRITER_BATCH_LIMIT} on Windows, where each client has a pipe instance of its
	 * own), or {@value #SINGLE_WRITER_BATCH_LIMIT} with {@link PipeOptions#singleWriter()}; 0 before
	 * {@link #open}.
	 */
	public int batchLimit() {
		this.lock.lock();
		try {
			return this.batchLimit;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Sends one message. */
	public void write(byte[] payload) throws IOException {
		write(payload, 0, payload.length);
	}

	/**
	 * Sends {@code payload[offset, offset+length)} as one message, blocking while the pipe is full;
	 * returns once the frame was handed to the kernel. Frames waiting from other threads (or from
	 * {@link #enqueue}) may leave in the same {@code write()}.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone
	 * @throws PipeClosedException when this end is closed
	 */
	public void write(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, false);
	}

	/** Appends one message to the pending batch; see {@link #enqueue(byte[], int, int)}. */
	public void enqueue(byte[] payload) throws IOException {
		enqueue(payload, 0, payload.length);
	}

	/**
	 * Appends {@code payload[offset, offset+length)} as one frame to the pending batch and returns,
	 * usually without a system call: the batch is written when the next frame does not fit (by that
	 * caller, blocking while the pipe is full), by any {@link #write}, or by {@link #flush()}. A frame
	 * larger than the batch limit is written at once, after the pending ones. The payload is copied:
	 * the array may be reused as soon as this returns.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone, for this or an earlier enqueued frame
	 * @throws PipeClosedException when this end is closed
	 */
	public void enqueue(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, true);
	}

	/**
	 * Hands every frame enqueued before this call to the kernel, blocking while the pipe is full.
	 * @throws BrokenPipeException when the reader has gone before they were all written
	 * @throws PipeClosedException when this end is closed
	 */
	public void flush() throws IOException {
		this.lock.lock();
		try {
			checkUsable();
			while (this.writing) {
				this.progress.awaitUninterruptibly();
				checkUsable();
			}
			if (this.filling.position() > 0) {
				combine();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes this end; a blocked open or write in another thread ends within 100 ms. Frames enqueued
	 * and not yet flushed are discarded. Idempotent.
	 */
	@Override
	public void close() {
		this.lifecycle.close();
		this.lock.lock();
		try {
			this.progress.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Bytes of frames waiting in the batch being filled (for tests). */
	int pendingBytes() {
		this.lock.lock();
		try {
			return this.filling.position();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void submit(byte[] payload, int offset, int length, boolean buffered) throws IOException {
		try {
			submitFrame(payload, offset, length, buffered);
		}
		catch (FrameTooLargeException ex) {
			throw withPipeName(ex);
		}
	}

	/** The codec's rejection, which cannot know its pipe, as one naming this end's pipe. */
	private FrameTooLargeException withPipeName(FrameTooLargeException ex) {
		if (!ex.pipeName().isEmpty()) {
			return ex;
		}
		FrameTooLargeException named = new FrameTooLargeException(this.pipe.name(), ex.byteCount(), ex.getMessage());
		named.initCause(ex);
		return named;
	}

	private void submitFrame(byte[] payload, int offset, int length, boolean buffered) throws IOException {
		Objects.checkFromIndexSize(offset, length, payload.length);
		int frameLength = this.codec.encodedLength(length);
		this.lock.lock();
		try {
			checkUsable();
			if (frameLength > this.batchLimit) {
				writeAlone(payload, offset, length, frameLength);
				return;
			}
			while (this.filling.remaining() < frameLength) {
				if (this.writing) {
					this.progress.awaitUninterruptibly();
				}
				else {
					combine();
				}
				checkUsable();
			}
			this.codec.encode(payload, offset, length, this.filling);
			if (buffered) {
				Thread current = Thread.currentThread();
				if (this.bufferedBy == null) {
					this.bufferedBy = current;
				}
				else if (this.bufferedBy != current) {
					this.bufferedByMany = true;
				}
				return;
			}
			awaitOrCombine();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** With this sender's frame in {@link #filling}: writes the batch, or waits for whoever does. */
	private void awaitOrCombine() throws IOException {
		Completion mine = null;
		while (true) {
			if (!this.writing) {
				// No write in progress and this frame not yet written: it is still in the filling batch.
				combine();
				return;
			}
			if (mine == null) {
				mine = this.fillingCompletion;
				if (mine == null) {
					mine = new Completion();
					this.fillingCompletion = mine;
				}
			}
			this.progress.awaitUninterruptibly();
			if (mine.done) {
				IOException failure = mine.failure;
				if (failure != null) {
					throw forThisSender(failure);
				}
				return;
			}
		}
	}

	/**
	 * Takes the filling batch and writes it in one call, the lock released meanwhile; then completes
	 * the senders it carried. A failure is thrown to the caller, given to each waiting sender, and
	 * kept for the next call when the batch carried another thread's enqueued frames. Called with the
	 * lock held and no write in progress.
	 */
	private void combine() throws IOException {
		ByteBuffer batch = this.filling;
		Completion completion = this.fillingCompletion;
		boolean owesBufferedSenders = this.bufferedByMany
				|| (this.bufferedBy != null && this.bufferedBy != Thread.currentThread());
		ByteBuffer next = this.spare;
		this.filling = Objects.requireNonNull(next, "spare batch buffer");
		this.spare = null;
		this.fillingCompletion = null;
		this.bufferedBy = null;
		this.bufferedByMany = false;
		this.writing = true;
		this.progress.signalAll();
		IOException failure = null;
		this.lock.unlock();
		try {
			batch.flip();
			failure = writeFully(batch);
		}
		finally {
			this.lock.lock();
			batch.clear();
			this.spare = batch;
			this.writing = false;
			if (completion != null) {
				completion.complete(failure);
			}
			if (failure != null && owesBufferedSenders) {
				this.unreportedFailure = failure;
			}
			this.progress.signalAll();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** A frame over the batch limit: written on its own, after any pending batch. Lock held. */
	private void writeAlone(byte[] payload, int offset, int length, int frameLength) throws IOException {
		while (this.writing) {
			this.progress.awaitUninterruptibly();
			checkUsable();
		}
		if (this.filling.position() > 0) {
			combine();
		}
		this.writing = true;
		IOException failure = null;
		this.lock.unlock();
		try {
			ByteBuffer frame = soloBuffer(frameLength);
			this.codec.encode(payload, offset, length, frame);
			frame.flip();
			failure = writeFully(frame);
		}
		finally {
			this.lock.lock();
			this.writing = false;
			this.progress.signalAll();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Hands the buffer to the output: {@code null} when written, else the failure to report. */
	private @Nullable IOException writeFully(ByteBuffer buffer) {
		PipeOutput current;
		try {
			current = this.lifecycle.require();
		}
		catch (PipeClosedException ex) {
			return ex;
		}
		try {
			current.write(buffer);
			return null;
		}
		catch (PipeClosedException ex) {
			return ex;
		}
		catch (IOException ex) {
			if (this.lifecycle.isClosed()) {
				return new PipeClosedException(this.pipe.name(), "write end was closed", ex);
			}
			return ex;
		}
		catch (RuntimeException ex) {
			return new PipeException(this.pipe.name(), "write failed unexpectedly: " + ex, ex);
		}
	}

	/** The failure of a batch, as the exception of one sender whose frame it carried. */
	private IOException forThisSender(IOException failure) {
		String name = this.pipe.name();
		if (failure instanceof BrokenPipeException) {
			return new BrokenPipeException(name, "the reader went away before this message was written", failure);
		}
		if (failure instanceof PipeClosedException) {
			return new PipeClosedException(name, "write end was closed before this message was written", failure);
		}
		return new PipeException(name, "the write carrying this message failed", failure);
	}

	private void checkUsable() throws IOException {
		this.lifecycle.require();
		IOException failure = this.unreportedFailure;
		if (failure != null) {
			this.unreportedFailure = null;
			throw forThisSender(failure);
		}
	}

	private void allocateBatches(int limit) {
		this.lock.lock();
		try {
			this.batchLimit = limit;
			this.filling = ByteBuffer.allocateDirect(limit);
			this.spare = ByteBuffer.allocateDirect(limit);
		}
		finally {
			this.lock.unlock();
		}
	}

	private ByteBuffer soloBuffer(int frameLength) {
		if (frameLength > RETAINED_BUFFER_LIMIT) {
			return ByteBuffer.allocate(frameLength);
		}
		if (this.soloBuffer.capacity() < frameLength) {
			this.soloBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(frameLength - 1) << 1);
		}
		this.soloBuffer.clear();
		return this.soloBuffer;
	}

	/** Completes the senders waiting on one batch. Guarded by the lock. */
	private static final class Completion {

		boolean done;

		@Nullable IOException failure;

		void complete(@Nullable IOException failure) {
			this.done = true;
			this.failure = failure;
		}

	}

}
