package io.github.xpipe.codec;

import java.nio.ByteBuffer;

/**
 * One read as a {@link LengthCrc32Scanner} sees it: the source buffer, preceded by the few bytes the
 * read before left unexamined (at most {@value #CARRY}, which a header may straddle), all addressed
 * by stream offset. Keeps those bytes from one read to the next; the source itself is only ever read
 * where it lies.
 */
final class StraddledRead {

	/** Bytes a header may straddle reads with: one less than a header. */
	static final int CARRY = 7;

	private final byte[] carried = new byte[CARRY];

	private int carriedLength;

	/** The carried bytes followed by up to {@value #CARRY} bytes of the source. */
	private final byte[] joined = new byte[2 * CARRY];

	private static final ByteBuffer NONE = ByteBuffer.allocate(0);

	private ByteBuffer source = NONE;

	/** Index in the source of the byte at stream offset {@link #start}. */
	private int first;

	/** Stream offset of the source's first byte. */
	private long start;

	/** Starts a read: {@code source}, from its position on, holds the bytes from stream offset {@code start} on. */
	void begin(ByteBuffer source, long start) {
		this.source = source;
		this.first = source.position();
		this.start = start;
		System.arraycopy(this.carried, 0, this.joined, 0, this.carriedLength);
		source.get(this.first, this.joined, this.carriedLength, Math.min(CARRY, source.limit() - this.first));
	}

	/** Stream offset of the source's first byte. */
	long start() {
		return this.start;
	}

	/** Stream offset just past the source's last byte. */
	long end() {
		return this.start + (this.source.limit() - this.first);
	}

	/** The index in the source of the byte at {@code offset}, which must lie in the source. */
	int index(long offset) {
		return this.first + (int) (offset - this.start);
	}

	/** Stream offset of the first carried byte. */
	long carriedFrom() {
		return this.start - this.carriedLength;
	}

	/** The u32 at {@code offset}, little-endian, for an offset among the carried bytes (it may run into the source). */
	int carriedInt(long offset) {
		return ByteRing.getInt(this.joined, (int) (offset - carriedFrom()), false);
	}

	/** Appends the bytes from {@code from} up to {@code to} to the ring; {@code from} must not precede the carried bytes. */
	void appendTo(ByteRing ring, long from, long to) {
		if (from < this.start) {
			int n = (int) (Math.min(to, this.start) - from);
			ring.append(this.carried, (int) (from - carriedFrom()), n);
			from += n;
		}
		if (from < to) {
			ring.append(this.source, index(from), (int) (to - from));
		}
	}

	/** Ends the read, carrying the bytes from {@code from} (at most {@value #CARRY} before its end) to the next. */
	void carryFrom(long from) {
		int kept = (int) (end() - from);
		for (int i = 0; i < kept; i++) {
			// the old carried bytes are read from their copy at the start of joined
			long offset = from + i;
			this.carried[i] = (offset >= this.start) ? this.source.get(index(offset))
					: this.joined[(int) (offset - carriedFrom())];
		}
		this.carriedLength = kept;
		this.source = NONE;
	}

	int carriedLength() {
		return this.carriedLength;
	}

	/** Forgets the carried bytes. */
	void clear() {
		this.carriedLength = 0;
		this.source = NONE;
	}

}
