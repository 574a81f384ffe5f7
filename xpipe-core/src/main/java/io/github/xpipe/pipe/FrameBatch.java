package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.github.xpipe.pipe.spi.PipeOutput;

/**
 * Whole frames waiting to be written, in one direct buffer, cut into chunks that each leave in one
 * {@link PipeOutput#write} call: a chunk holds at most {@code chunkLimit} bytes (the atomic write
 * limit, so frames of several writer processes never interleave), or a single frame larger than that.
 * Not thread-safe: {@link WritePipeEnd} guards it.
 */
final class FrameBatch {

	private ByteBuffer buffer;

	private final int chunkLimit;

	/** End offsets of the chunks before the last one. */
	private int[] cuts;

	private int cutCount;

	private int chunkStart;

	FrameBatch(int capacity, int chunkLimit) {
		this.buffer = ByteBuffer.allocateDirect(capacity);
		this.chunkLimit = chunkLimit;
		this.cuts = new int[maxCuts(capacity, chunkLimit)];
	}

	/**
	 * Two neighbouring chunks always hold more than {@code chunkLimit} bytes together, so a buffer of
	 * this capacity is cut at most {@code 2 * capacity / chunkLimit} times.
	 */
	private static int maxCuts(int capacity, int chunkLimit) {
		return 2 * (capacity / chunkLimit) + 2;
	}

	int capacity() {
		return this.buffer.capacity();
	}

	/** Moves the frames waiting into a larger buffer of {@code capacity} bytes. */
	void grow(int capacity) {
		ByteBuffer larger = ByteBuffer.allocateDirect(capacity);
		larger.put(this.buffer.flip());
		this.buffer = larger;
		this.cuts = Arrays.copyOf(this.cuts, maxCuts(capacity, this.chunkLimit));
	}

	/** Bytes of frames waiting. */
	int size() {
		return this.buffer.position();
	}

	boolean isEmpty() {
		return this.buffer.position() == 0;
	}

	/** Room left for frames. */
	int remaining() {
		return this.buffer.remaining();
	}

	/**
	 * The buffer to encode the next frame into, at its position: a new chunk starts there when the
	 * frame would make the current one longer than the chunk limit.
	 */
	ByteBuffer startFrame(int frameLength) {
		int position = this.buffer.position();
		if (position > this.chunkStart && position - this.chunkStart + frameLength > this.chunkLimit) {
			this.cuts[this.cutCount++] = position;
			this.chunkStart = position;
		}
		return this.buffer;
	}

	/** Writes every chunk in order, one {@link PipeOutput#write} each, then empties this batch. */
	void writeTo(PipeOutput output) throws IOException {
		int end = this.buffer.position();
		int start = 0;
		try {
			for (int chunk = 0; chunk <= this.cutCount; chunk++) {
				int cut = (chunk < this.cutCount) ? this.cuts[chunk] : end;
				this.buffer.limit(cut).position(start);
				output.write(this.buffer);
				start = cut;
			}
		}
		finally {
			clear();
		}
	}

	/** Discards every frame. */
	void clear() {
		this.buffer.clear();
		this.cutCount = 0;
		this.chunkStart = 0;
	}

}
