package io.github.xpipe.codec;

/**
 * The candidate frames a {@link LengthCrc32Scanner} follows: positions holding a consistent header,
 * each with the end its lengths give and its byte order, in the order they start. Fixed arrays of
 * {@value #LIMIT}: following a candidate allocates nothing.
 */
final class LengthCrc32Candidates {

	/** The most candidates followed at once. */
	static final int LIMIT = 8;

	private final long[] starts = new long[LIMIT];

	private final long[] ends = new long[LIMIT];

	private final boolean[] bigEndian = new boolean[LIMIT];

	/** Complete and verified, waiting for an earlier candidate to settle. */
	private final boolean[] verified = new boolean[LIMIT];

	private int count;

	int size() {
		return this.count;
	}

	boolean isFull() {
		return this.count == LIMIT;
	}

	/** Adds a candidate after all others: {@code start} must be past every start held. */
	void add(long start, long end, boolean big) {
		this.starts[this.count] = start;
		this.ends[this.count] = end;
		this.bigEndian[this.count] = big;
		this.verified[this.count] = false;
		this.count++;
	}

	long start(int i) {
		return this.starts[i];
	}

	long end(int i) {
		return this.ends[i];
	}

	boolean isBigEndian(int i) {
		return this.bigEndian[i];
	}

	boolean isVerified(int i) {
		return this.verified[i];
	}

	void markVerified(int i) {
		this.verified[i] = true;
	}

	/** The start of the oldest candidate; only while there is one. */
	long oldestStart() {
		return this.starts[0];
	}

	/** The index of the candidate that starts at {@code start}, or -1. */
	int indexOf(long start) {
		for (int i = 0; i < this.count; i++) {
			if (this.starts[i] == start) {
				return i;
			}
		}
		return -1;
	}

	/** The end of the incomplete candidate that ends first, or {@link Long#MAX_VALUE}. */
	long nextEnd() {
		long next = Long.MAX_VALUE;
		for (int i = 0; i < this.count; i++) {
			if (!this.verified[i] && this.ends[i] < next) {
				next = this.ends[i];
			}
		}
		return next;
	}

	/** The verified candidate that ended first, or -1. */
	int firstVerified() {
		int first = -1;
		for (int i = 0; i < this.count; i++) {
			if (this.verified[i] && (first < 0 || this.ends[i] < this.ends[first])) {
				first = i;
			}
		}
		return first;
	}

	void remove(int i) {
		int moved = this.count - i - 1;
		System.arraycopy(this.starts, i + 1, this.starts, i, moved);
		System.arraycopy(this.ends, i + 1, this.ends, i, moved);
		System.arraycopy(this.bigEndian, i + 1, this.bigEndian, i, moved);
		System.arraycopy(this.verified, i + 1, this.verified, i, moved);
		this.count--;
	}

	/** Drops the candidates that start before {@code end} or are in another byte order. */
	void removeOverlapping(long end, boolean big) {
		for (int i = 0; i < this.count; i++) {
			if (this.starts[i] < end || this.bigEndian[i] != big) {
				remove(i--);
			}
		}
	}

	/** Drops the candidates that are not complete and verified. */
	void removeIncomplete() {
		for (int i = 0; i < this.count; i++) {
			if (!this.verified[i]) {
				remove(i--);
			}
		}
	}

	void clear() {
		this.count = 0;
	}

}
