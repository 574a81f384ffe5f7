package io.github.xpipe.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The senders of one {@link WritePipeEnd}, coordinated (the class description there says what they
 * are promised): frames join a shared batch while a write is in progress, and whoever finds no write
 * in progress writes the batch. Frames of {@linkplain WritePipeEnd#enqueue queued} and
 * {@linkplain WritePipeEnd#writeAsync asynchronous} sends, and all frames of senders on virtual
 * threads, are written by the {@link QueuedSender} platform thread instead. A frame larger than
 * {@link WritePipeEnd#BATCH_CAPACITY} leaves in a write of its own, in order with the others.
 */
final class CoalescingWriter {

	private final String pipeName;

	private final FrameCodec codec;

	private final FrameOutput output;

	private final EndLifecycle<PipeOutput> lifecycle;

	/** Guards the state below; never held during a system call. */
	private final ReentrantLock lock = new BriefLock();

	/** Signalled whenever a write ends, a batch is taken, or the end is closed. */
	private final Condition progress = this.lock.newCondition();

	private final QueuedSender sender;

	private final PendingFrames pending = new PendingFrames();

	/** Whether a thread is in a {@code write()}: it owns the taken batch and the solo buffer. */
	private boolean writing;

	/** A failed batch's error still owed to a sender of enqueued frames. */
	private @Nullable IOException unreportedFailure;

	/** A frame over the batch capacity that the sender thread is to write next, after the pending frames. */
	private @Nullable SoloFrame solo;

	/** Whether the write in progress is that of {@link #solo}. */
	private boolean writingSolo;

	/** Frames handed over so far, counted under the lock; the sender thread watches it while it spins. */
	private volatile long framesAdded;

	CoalescingWriter(String pipeName, FrameCodec codec, EndLifecycle<PipeOutput> lifecycle) {
		this.pipeName = pipeName;
		this.codec = codec;
		this.lifecycle = lifecycle;
		this.output = new FrameOutput(pipeName, codec, lifecycle);
		this.sender = new QueuedSender(this, this.lock, "xpipe-sender-" + pipeName);
	}

	/** Makes the batches, once the output says how large a chunk may be. */
	void allocateBatches(int limit) {
		this.lock.lock();
		try {
			this.pending.allocate(limit);
		}
		finally {
			this.lock.unlock();
		}
	}

	int batchLimit() {
		return this.pending.batchLimit();
	}

	/**
	 * Sends {@code payload[offset, offset+length)} as one frame.
	 * @return for {@link Delivery#FUTURE}, the frame's future; otherwise {@code null}
	 */
	@Nullable CompletableFuture<Void> submit(byte[] payload, int offset, int length, Delivery delivery)
			throws IOException {
		Objects.checkFromIndexSize(offset, length, payload.length);
		int frameLength = this.codec.encodedLength(length);
		boolean virtual = VirtualThreads.isCurrent();
		boolean handOver = (delivery != Delivery.DIRECT && delivery != Delivery.BUFFERED) || virtual;
		this.lock.lock();
		try {
			checkUsable();
			if (frameLength > WritePipeEnd.BATCH_CAPACITY) {
				if (delivery != Delivery.FUTURE && !virtual) {
					writeAlone(payload, offset, length, frameLength);
					return null;
				}
				FrameCompletion completion = handOverSolo(payload, offset, length, frameLength,
						delivery == Delivery.FUTURE);
				return whenWritten(completion, delivery);
			}
			advanceUntil(() -> this.solo == null && (this.pending.hasRoomFor(frameLength)
					|| ((handOver || this.writing) && this.pending.growFor(frameLength))), handOver);
			this.pending.add(this.codec, payload, offset, length, frameLength,
					delivery == Delivery.ENQUEUED || delivery == Delivery.BUFFERED);
			this.framesAdded++;
			if (delivery == Delivery.BUFFERED) {
				return null;
			}
			if (handOver) {
				FrameCompletion completion = (delivery != Delivery.ENQUEUED) ? this.pending.completion() : null;
				if (!this.writing || !this.sender.isStarted()) {
					// while a write is in progress, its end hands over to the sender thread, which must exist
					this.sender.wake();
				}
				return (completion != null) ? whenWritten(completion, delivery) : null;
			}
			awaitOrCombine();
			return null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits until every frame handed over before was written; writes them itself when it may. */
	void flush() throws IOException {
		boolean handOver = VirtualThreads.isCurrent();
		this.lock.lock();
		try {
			checkUsable();
			advanceUntil(() -> !hasFrames(), handOver);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Like {@link #flush()}, waiting at most {@code timeout} and leaving the writing to the sender thread. */
	boolean flush(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		this.lock.lock();
		try {
			checkUsable();
			while (hasFrames()) {
				if (!this.writing) {
					this.sender.wake();
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
			throw new PipeException(this.pipeName, "interrupted while flushing", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * After the end was closed: fails the senders whose frames will now never be written, and wakes
	 * every waiting thread.
	 */
	void closed() {
		List<CompletableFuture<Void>> abandonedBatch = null;
		List<CompletableFuture<Void>> abandonedSolo = null;
		IOException failure = new PipeClosedException(this.pipeName, "write end was closed before this message was written");
		this.lock.lock();
		try {
			FrameCompletion completion = this.pending.abandon();
			if (completion != null) {
				abandonedBatch = completion.complete(failure);
			}
			SoloFrame frame = this.solo;
			if (frame != null && !this.writingSolo) {
				this.solo = null;
				abandonedSolo = frame.completion().complete(failure);
			}
			this.progress.signalAll();
			this.sender.closed();
		}
		finally {
			this.lock.unlock();
		}
		FrameCompletion.completeFutures(abandonedBatch, failure);
		FrameCompletion.completeFutures(abandonedSolo, failure);
	}

	/** Whether frames wait for the sender thread and no write is in progress. Lock held. */
	boolean hasWork() {
		return !this.writing && (!this.pending.isEmpty() || this.solo != null);
	}

	boolean isClosed() {
		return this.lifecycle.isClosed();
	}

	long framesAdded() {
		return this.framesAdded;
	}

	/** The sender thread's turn: writes the waiting batch, else the waiting solo frame. Lock held, {@link #hasWork()}. */
	void writeWaiting() throws IOException {
		if (!this.pending.isEmpty()) {
			combine();
		}
		else {
			writeSolo(Objects.requireNonNull(this.solo, "solo frame"));
		}
	}

	/** Whether no write is in progress and no frame waits (for tests). */
	boolean isIdle() {
		this.lock.lock();
		try {
			return !this.writing && !hasFrames();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Bytes of frames waiting in the batch being filled (for tests). */
	int pendingBytes() {
		this.lock.lock();
		try {
			return this.pending.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean hasFrames() {
		return this.writing || !this.pending.isEmpty() || this.solo != null;
	}

	/**
	 * Returns once the condition holds, meanwhile writing the waiting batch itself whenever no write
	 * is in progress and this thread may block in a write, else letting the sender thread write and
	 * waiting. A solo frame is always the sender thread's. Lock held.
	 */
	private void advanceUntil(BooleanSupplier condition, boolean handOver) throws IOException {
		while (!condition.getAsBoolean()) {
			if (this.writing || this.solo != null || handOver) {
				if (!this.writing) {
					this.sender.wake();
				}
				this.progress.awaitUninterruptibly();
			}
			else {
				combine();
			}
			checkUsable();
		}
	}

	/** For a future: the frame's future; for a direct sender: waits until written, or throws why not. Lock held. */
	private @Nullable CompletableFuture<Void> whenWritten(FrameCompletion completion, Delivery delivery)
			throws IOException {
		if (delivery == Delivery.FUTURE) {
			return completion.newFuture();
		}
		completion.await(this.progress);
		return null;
	}

	/** With this sender's frame pending: writes the batch, or waits for whoever does. Lock held. */
	private void awaitOrCombine() throws IOException {
		FrameCompletion mine = null;
		while (true) {
			if (!this.writing) {
				// No write in progress and this frame not yet written: it is still in the filling batch.
				combine();
				return;
			}
			if (mine == null) {
				mine = this.pending.completion();
			}
			this.progress.awaitUninterruptibly();
			if (mine.isDone()) {
				mine.await(this.progress);
				return;
			}
		}
	}

	/**
	 * Takes the filling batch and writes it in one call, the lock released meanwhile; then completes
	 * the senders it carried. A failure is thrown to the caller, given to each waiting sender, and
	 * kept for the next call when the batch carried another thread's enqueued frames. Called with the
	 * lock held and no write in progress; returns with it held, though it may have released it.
	 */
	private void combine() throws IOException {
		PendingFrames.Taken taken = this.pending.take();
		this.writing = true;
		this.progress.signalAll();
		IOException failure = null;
		List<CompletableFuture<Void>> futures = null;
		this.lock.unlock();
		try {
			failure = this.output.write(taken.batch());
		}
		finally {
			this.lock.lock();
			this.pending.giveBack(taken.batch());
			this.writing = false;
			IOException reported = (failure != null) ? this.output.forThisSender(failure) : null;
			FrameCompletion completion = taken.completion();
			if (completion != null) {
				futures = completion.complete(reported);
			}
			if (failure != null && taken.owesBufferedSenders()) {
				this.unreportedFailure = failure;
			}
			this.progress.signalAll();
			this.sender.wakeIfIdle();
			FrameCompletion.completeOutside(this.lock, futures, reported);
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** A frame over the batch capacity, written by the caller on its own, after what waits before it. Lock held. */
	private void writeAlone(byte[] payload, int offset, int length, int frameLength) throws IOException {
		advanceUntil(() -> !hasFrames(), false);
		this.writing = true;
		IOException failure = null;
		this.lock.unlock();
		try {
			failure = this.output.writeAlone(payload, offset, length, frameLength);
		}
		finally {
			this.lock.lock();
			this.writing = false;
			this.progress.signalAll();
			this.sender.wakeIfIdle();
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Hands a frame over the batch capacity to the sender thread, once no other waits; a copy of the
	 * payload when the caller does not wait for the write. Lock held.
	 */
	private FrameCompletion handOverSolo(byte[] payload, int offset, int length, int frameLength, boolean copy)
			throws IOException {
		while (this.solo != null) {
			this.progress.awaitUninterruptibly();
			checkUsable();
		}
		byte[] bytes = copy ? Arrays.copyOfRange(payload, offset, offset + length) : payload;
		FrameCompletion completion = new FrameCompletion();
		this.solo = new SoloFrame(bytes, copy ? 0 : offset, length, frameLength, completion);
		this.framesAdded++;
		this.sender.wake();
		return completion;
	}

	/** The sender thread writes the solo frame. Lock held, no write in progress. */
	private void writeSolo(SoloFrame frame) {
		this.writing = true;
		this.writingSolo = true;
		IOException failure = null;
		this.lock.unlock();
		try {
			failure = this.output.writeAlone(frame.payload(), frame.offset(), frame.length(), frame.frameLength());
		}
		finally {
			this.lock.lock();
			this.writing = false;
			this.writingSolo = false;
			this.solo = null;
			IOException reported = (failure != null) ? this.output.forThisSender(failure) : null;
			List<CompletableFuture<Void>> futures = frame.completion().complete(reported);
			this.progress.signalAll();
			this.sender.wakeIfIdle();
			FrameCompletion.completeOutside(this.lock, futures, reported);
		}
	}

	private void checkUsable() throws IOException {
		this.lifecycle.require();
		IOException failure = this.unreportedFailure;
		if (failure != null) {
			this.unreportedFailure = null;
			throw this.output.forThisSender(failure);
		}
	}

}
