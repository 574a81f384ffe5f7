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
 * to a shared batch of up to {@value #BATCH_CAPACITY} bytes; when the call returns, one of the
 * waiting senders (the combiner) hands the whole batch to the operating system and completes the
 * others. A sender that finds no write in progress writes at once: a lone frame is never held back
 * by a timer, and batching appears only when frames are already queueing. A batch holds whole frames
 * only and leaves in chunks of at most {@linkplain PipeOutput#atomicWriteLimit() PIPE_BUF} bytes
 * (4096 on Linux), one {@code write()} each, so every chunk is atomic and several writer processes
 * may share one FIFO safely. A pipe that has this end as its only writer may allow chunks of up to
 * 64 KiB with {@link PipeOptions#singleWriter()}. A frame larger than the chunk limit always leaves
 * in a {@code write()} of its own; on POSIX, frames over PIPE_BUF are atomic only when the FIFO has a
 * single writer process.
 *
 * <p><b>Failures reach every sender.</b> {@link #write} returns normally only once its frame was
 * handed to the kernel. When a batch cannot be written, every sender whose frame it carried gets a
 * typed exception: a {@link BrokenPipeException} when the reader has gone (this end is then
 * finished: open a new one to reconnect), a {@link PipeClosedException} when this end was closed.
 *
 * <p><b>Queued sending (opt-in).</b> A single thread cannot coalesce with itself while each call
 * waits for its own {@code write()}. {@link #enqueue} instead appends the frame to the batch and
 * returns; a sender thread of this end (started by the first {@code enqueue}, a daemon) writes what
 * is waiting as soon as the pipe takes it. A lone message therefore leaves at once, never after a
 * timer, while a stream of messages leaves in batches, each batch one {@code write()} per atomic
 * chunk. The caller blocks only while {@value #BATCH_CAPACITY} bytes of frames are already waiting
 * (back-pressure from a slow reader). An enqueued message was handed to the kernel once a later
 * {@link #flush()} returned normally. When a write carrying enqueued frames fails, the next call on
 * this end ({@code enqueue}, {@code write} or {@code flush}) throws the failure. {@link #close()}
 * discards frames still waiting: call {@code flush()} first.
 */
public final class WritePipeEnd implements AutoCloseable {

	/** How long {@link #open()} (and {@link ReadPipeEnd#open()}) waits for the other side: 30 s. */
	public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);

	/** The largest batch of frames one {@code write()} carries on a {@link PipeOptions#singleWriter() single-writer} pipe: 64 KiB. */
	public static final int SINGLE_WRITER_BATCH_LIMIT = 64 * 1024;

	/**
	 * How many bytes of frames may wait for the next write: 64 KiB. A frame larger than this is
	 * written on its own by its sender.
	 */
	public static final int BATCH_CAPACITY = 64 * 1024;

	/** A frame up to this size is encoded into a retained direct buffer (so a 1 MiB message is too). */
	private static final int RETAINED_BUFFER_LIMIT = 2 * 1024 * 1024;

	private final NamedPipe pipe;

	private final FrameCodec codec;

	private final EndLifecycle<PipeOutput> lifecycle;

	/** Guards the batch state below; never held during a system call. */
	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled whenever a write ends or a batch is taken. */
	private final Condition progress = this.lock.newCondition();

	/** Signalled when enqueued frames wait and the sender thread is idle, or on close. */
	private final Condition work = this.lock.newCondition();

	private int batchLimit;

	/** The batch being filled: frames waiting for the current write to end. */
	private FrameBatch filling = new FrameBatch(0, 1);

	/** The other batch, free whenever no write is in progress. */
	private @Nullable FrameBatch spare;

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

	/** The thread writing enqueued frames; started by the first {@link #enqueue}. */
	private @Nullable Thread sender;

	/** Whether {@link #sender} waits for work on {@link #work}. */
	private boolean senderIdle;

	/**
	 * Frames that joined a batch so far, counted under the lock: what the sender thread watches,
	 * without the lock, while it spins briefly for the next frames before parking.
	 */
	private volatile long framesAdded;

	/** How often the idle sender thread looks for frames (a CPU pause in between) before it yields and parks. */
	private static final int SENDER_SPINS = 200;

	/** How often it then yields its CPU and looks once more before it parks. */
	private static final int SENDER_YIELDS = 4;

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
	 * The most bytes one {@code write()} of several frames carries (a single larger frame leaves in a
	 * {@code write()} of its own): the output's
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
	 * Queues {@code payload[offset, offset+length)} as one frame and returns; this end's sender thread
	 * writes it at once, with whatever else waits (see the class description). Blocks while
	 * {@value #BATCH_CAPACITY} bytes already wait. A frame larger than that is written by the caller,
	 * after the queued ones. The payload is copied: the array may be reused as soon as this returns.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone, for this or an earlier enqueued frame
	 * @throws PipeClosedException when this end is closed
	 */
	public void enqueue(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, true);
	}

	/**
	 * Waits until every frame enqueued before this call was handed to the kernel, blocking while the
	 * pipe is full; writes them itself when no write is in progress.
	 * @throws BrokenPipeException when the reader has gone before they were all written
	 * @throws PipeClosedException when this end is closed
	 */
	public void flush() throws IOException {
		this.lock.lock();
		try {
			checkUsable();
			while (this.writing || !this.filling.isEmpty()) {
				if (this.writing) {
					this.progress.awaitUninterruptibly();
				}
				else {
					combine();
				}
				checkUsable();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Like {@link #flush()}, but waits at most {@code timeout} and leaves the writing to the sender
	 * thread, so a reader that stopped reading cannot hold the caller longer.
	 * @return whether every frame was written in time
	 * @throws BrokenPipeException when the reader has gone before they were all written
	 * @throws PipeClosedException when this end is closed
	 */
	public boolean flush(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			checkUsable();
			while (this.writing || !this.filling.isEmpty()) {
				if (!this.writing) {
					wakeSender();
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.progress.awaitNanos(left);
				checkUsable();
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PipeException(this.pipe.name(), "interrupted while flushing", ex);
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
			this.work.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Whether no write is in progress and no frame waits (for tests). */
	boolean isIdle() {
		this.lock.lock();
		try {
			return !this.writing && this.filling.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Bytes of frames waiting in the batch being filled (for tests). */
	int pendingBytes() {
		this.lock.lock();
		try {
			return this.filling.size();
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
			if (frameLength > BATCH_CAPACITY) {
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
			this.codec.encode(payload, offset, length, this.filling.startFrame(frameLength));
			this.framesAdded++;
			if (buffered) {
				Thread current = Thread.currentThread();
				if (this.bufferedBy == null) {
					this.bufferedBy = current;
				}
				else if (this.bufferedBy != current) {
					this.bufferedByMany = true;
				}
				if (!this.writing || this.sender == null) {
					// while a write is in progress, its end hands over to the sender thread, which must exist
					wakeSender();
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
		FrameBatch batch = this.filling;
		Completion completion = this.fillingCompletion;
		boolean owesBufferedSenders = this.bufferedByMany
				|| (this.bufferedBy != null && this.bufferedBy != Thread.currentThread());
		FrameBatch next = this.spare;
		this.filling = Objects.requireNonNull(next, "spare batch");
		this.spare = null;
		this.fillingCompletion = null;
		this.bufferedBy = null;
		this.bufferedByMany = false;
		this.writing = true;
		this.progress.signalAll();
		IOException failure = null;
		this.lock.unlock();
		try {
			failure = writeFully(batch::writeTo);
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
			handOverToSender();
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
		if (!this.filling.isEmpty()) {
			combine();
		}
		this.writing = true;
		IOException failure = null;
		this.lock.unlock();
		try {
			ByteBuffer frame = soloBuffer(frameLength);
			this.codec.encode(payload, offset, length, frame);
			frame.flip();
			failure = writeFully((output) -> output.write(frame));
		}
		finally {
			this.lock.lock();
			this.writing = false;
			this.progress.signalAll();
			handOverToSender();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Writes to the output: {@code null} when written, else the failure to report. */
	private @Nullable IOException writeFully(OutputWrite write) {
		PipeOutput current;
		try {
			current = this.lifecycle.require();
		}
		catch (PipeClosedException ex) {
			return ex;
		}
		try {
			write.to(current);
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

	/** Lets the sender thread write the enqueued frames, starting it the first time. Lock held. */
	private void wakeSender() {
		Thread current = this.sender;
		if (current == null) {
			current = new Thread(this::sendEnqueued, "xpipe-sender-" + this.pipe.name());
			current.setDaemon(true);
			this.sender = current;
			current.start();
		}
		else if (this.senderIdle) {
			this.work.signal();
		}
	}

	/** After a write ended: wakes the idle sender thread when enqueued frames wait. Lock held. */
	private void handOverToSender() {
		if (this.senderIdle && !this.filling.isEmpty()) {
			this.work.signal();
		}
	}

	/**
	 * The sender thread: writes whatever waits, whenever no other write is in progress, until closed.
	 * When nothing waits it first spins a few microseconds for the next frames (a stream keeps
	 * coming), and only then parks, to be woken by the next {@link #enqueue}.
	 */
	private void sendEnqueued() {
		this.lock.lock();
		try {
			while (true) {
				boolean spin = true;
				while (!this.lifecycle.isClosed() && (this.writing || this.filling.isEmpty())) {
					if (spin) {
						spin = false;
						spinForFrames();
						continue;
					}
					this.senderIdle = true;
					this.work.awaitUninterruptibly();
					this.senderIdle = false;
				}
				if (this.lifecycle.isClosed()) {
					return;
				}

				try {
					combine();
				}
				catch (IOException ex) {
					// combine() kept the failure for the senders whose frames the batch carried
				}
			}
		}
		finally {
			this.senderIdle = false;
			this.lock.unlock();
		}
	}

	/** Releases the lock while watching for a new frame for a short while; returns with it held. */
	private void spinForFrames() {
		long seen = this.framesAdded;
		this.lock.unlock();
		try {
			for (int spins = 0; spins < SENDER_SPINS + SENDER_YIELDS && this.framesAdded == seen; spins++) {
				if (spins < SENDER_SPINS) {
					Thread.onSpinWait();
				}
				else {
					Thread.yield();
				}
			}
		}
		finally {
			this.lock.lock();
		}
	}

	private void allocateBatches(int limit) {
		this.lock.lock();
		try {
			this.batchLimit = limit;
			this.filling = new FrameBatch(BATCH_CAPACITY, limit);
			this.spare = new FrameBatch(BATCH_CAPACITY, limit);
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

	/** One write to the output, possibly of several {@code write()} calls. */
	@FunctionalInterface
	private interface OutputWrite {

		void to(PipeOutput output) throws IOException;

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
