package io.github.xpipe.pipe;

import java.util.Objects;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;

import org.jspecify.annotations.Nullable;

/**
 * The frames of one write end that wait for the next write, with who waits for them: two
 * {@link FrameBatch batches} in turn, one filling while the other is being written. Not
 * thread-safe: guarded by the lock of the {@link CoalescingWriter}.
 */
final class PendingFrames {

	/** Read without the lock: set once, when the end opens. */
	private volatile int batchLimit;

	/** The batch being filled: frames waiting for the current write to end. */
	private FrameBatch filling = new FrameBatch(0, 1);

	/** The other batch, free whenever no write is in progress. */
	private @Nullable FrameBatch spare;

	/** Completes the senders waiting on {@link #filling}; created when the first one waits. */
	private @Nullable FrameCompletion completion;

	/** The thread whose enqueued frames {@link #filling} carries, if only one thread's. */
	private @Nullable Thread bufferedBy;

	/** Whether {@link #filling} carries enqueued frames of more than one thread. */
	private boolean bufferedByMany;

	/** Makes the batches, once the output says how large a chunk may be. */
	void allocate(int limit) {
		this.batchLimit = limit;
		this.filling = new FrameBatch(WritePipeEnd.BATCH_CAPACITY, limit);
		this.spare = new FrameBatch(WritePipeEnd.BATCH_CAPACITY, limit);
	}

	int batchLimit() {
		return this.batchLimit;
	}

	boolean isEmpty() {
		return this.filling.isEmpty();
	}

	/** Bytes of frames waiting. */
	int size() {
		return this.filling.size();
	}

	boolean hasRoomFor(int frameLength) {
		return this.filling.remaining() >= frameLength;
	}

	/**
	 * Makes room for the frame by growing the filling batch, doubling it, up to
	 * {@link WritePipeEnd#MAX_PENDING_BYTES}; whether it now fits.
	 */
	boolean growFor(int frameLength) {
		int needed = this.filling.size() + frameLength;
		if (needed > WritePipeEnd.MAX_PENDING_BYTES) {
			return false;
		}
		int capacity = this.filling.capacity();
		while (capacity < needed) {
			capacity = Math.min(2 * capacity, WritePipeEnd.MAX_PENDING_BYTES);
		}
		this.filling.grow(capacity);
		return true;
	}

	/** Encodes one frame into the filling batch; {@code buffered} when its sender was told nothing of the write. */
	void add(FrameCodec codec, byte[] payload, int offset, int length, int frameLength, boolean buffered)
			throws FrameTooLargeException {
		codec.encode(payload, offset, length, this.filling.startFrame(frameLength));
		if (buffered) {
			Thread current = Thread.currentThread();
			if (this.bufferedBy == null) {
				this.bufferedBy = current;
			}
			else if (this.bufferedBy != current) {
				this.bufferedByMany = true;
			}
		}
	}

	/** The completion of the filling batch's senders, created by the first who waits. */
	FrameCompletion completion() {
		FrameCompletion current = this.completion;
		if (current == null) {
			current = new FrameCompletion();
			this.completion = current;
		}
		return current;
	}

	/** Takes the completion of the filling batch away, to fail its senders when the end closed. */
	@Nullable FrameCompletion abandon() {
		FrameCompletion current = this.completion;
		this.completion = null;
		return current;
	}

	/** Takes the filling batch to write it; the spare batch fills meanwhile. No write in progress. */
	Taken take() {
		Taken taken = new Taken(this.filling, this.completion,
				this.bufferedByMany || (this.bufferedBy != null && this.bufferedBy != Thread.currentThread()));
		this.filling = Objects.requireNonNull(this.spare, "spare batch");
		this.spare = null;
		this.completion = null;
		this.bufferedBy = null;
		this.bufferedByMany = false;
		return taken;
	}

	/** Takes back a written batch as the spare one. */
	void giveBack(FrameBatch batch) {
		batch.clear();
		this.spare = batch;
	}

	/**
	 * A batch taken for writing.
	 * @param batch its frames
	 * @param completion its waiting senders, if any
	 * @param owesBufferedSenders whether it carries enqueued frames of a thread other than the writing one,
	 * which learns of a failure only from its next call
	 */
	record Taken(FrameBatch batch, @Nullable FrameCompletion completion, boolean owesBufferedSenders) {
	}

}
