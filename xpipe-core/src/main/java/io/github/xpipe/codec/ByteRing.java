package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * A stretch of a byte stream held in a circular array: bytes are appended at the end and dropped
 * from the start without moving the others, so holding a window that slides over the stream costs
 * each byte one copy in. Addressed by stream offset. The array grows by doubling as the held stretch
 * needs, never past the limit given; {@link #release} gives a large one back.
 */
final class ByteRing {

	private static final byte[] EMPTY = {};

	private static final int MIN_CAPACITY = 256;

	private final int limit;

	private byte[] bytes = EMPTY;

	/** Stream offset of the first byte held. */
	private long start;

	/** Index of the first byte held. */
	private int head;

	private int length;

	/**
	 * @param limit the most bytes ever held at once
	 */
	ByteRing(int limit) {
		this.limit = limit;
	}

	/** Drops everything; the next byte appended has stream offset {@code offset}. */
	void clear(long offset) {
		this.start = offset;
		this.head = 0;
		this.length = 0;
	}

	/** Stream offset of the first byte held. */
	long start() {
		return this.start;
	}

	/** Stream offset just past the last byte held. */
	long end() {
		return this.start + this.length;
	}

	int length() {
		return this.length;
	}

	/** Appends {@code source[index, index + count)} (absolute indices; the source's position is untouched). */
	void append(ByteBuffer source, int index, int count) {
		ensureRoom(count);
		int tail = physical(this.length);
		int first = Math.min(count, this.bytes.length - tail);
		source.get(index, this.bytes, tail, first);
		source.get(index + first, this.bytes, 0, count - first);
		this.length += count;
	}

	/** Appends {@code source[from, from + count)}. */
	void append(byte[] source, int from, int count) {
		ensureRoom(count);
		int tail = physical(this.length);
		int first = Math.min(count, this.bytes.length - tail);
		System.arraycopy(source, from, this.bytes, tail, first);
		System.arraycopy(source, from + first, this.bytes, 0, count - first);
		this.length += count;
	}

	/** Drops the bytes before stream offset {@code offset}, which must lie within what is held or at its end. */
	void dropBefore(long offset) {
		int dropped = (int) (offset - this.start);
		this.head = physical(dropped);
		this.length -= dropped;
		this.start = offset;
	}

	/** The byte at stream offset {@code offset}. */
	byte get(long offset) {
		return this.bytes[physical((int) (offset - this.start))];
	}

	/** The u32 at stream offset {@code offset}, in the given order. */
	int getInt(long offset, boolean bigEndian) {
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int b = get(offset + i) & 0xFF;
			value |= bigEndian ? b << (24 - 8 * i) : b << (8 * i);
		}
		return value;
	}

	/** The u32 at {@code bytes[at, at + 4)}, in the given order. */
	static int getInt(byte[] bytes, int at, boolean bigEndian) {
		int littleEndian = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
				| bytes[at + 3] << 24;
		return bigEndian ? Integer.reverseBytes(littleEndian) : littleEndian;
	}

	/** Feeds the bytes from stream offset {@code from} up to {@code to} into {@code crc}. */
	void updateCrc(CRC32 crc, long from, long to) {
		int at = physical((int) (from - this.start));
		int count = (int) (to - from);
		int first = Math.min(count, this.bytes.length - at);
		crc.update(this.bytes, at, first);
		crc.update(this.bytes, 0, count - first);
	}

	/** A new array holding the bytes from stream offset {@code from} up to {@code to}. */
	byte[] copy(long from, long to) {
		int at = physical((int) (from - this.start));
		int count = (int) (to - from);
		byte[] copy = new byte[count];
		int first = Math.min(count, this.bytes.length - at);
		System.arraycopy(this.bytes, at, copy, 0, first);
		System.arraycopy(this.bytes, 0, copy, first, count - first);
		return copy;
	}

	/** Frees an array over {@code retained} bytes; only call while nothing is held. */
	void release(int retained) {
		if (this.bytes.length > retained) {
			this.bytes = EMPTY;
			this.head = 0;
		}
	}

	int capacity() {
		return this.bytes.length;
	}

	private int physical(int index) {
		int at = this.head + index;
		return (at >= this.bytes.length) ? at - this.bytes.length : at;
	}

	private void ensureRoom(int count) {
		int needed = this.length + count;
		if (needed <= this.bytes.length) {
			return;
		}
		if (needed > this.limit) {
			throw new IllegalStateException("Holding " + needed + " bytes, over the limit of " + this.limit);
		}
		int capacity = (int) Math.min(Math.max(Math.max(2L * this.bytes.length, MIN_CAPACITY), needed), this.limit);
		byte[] grown = new byte[capacity];
		int first = Math.min(this.length, this.bytes.length - this.head);
		System.arraycopy(this.bytes, this.head, grown, 0, first);
		System.arraycopy(this.bytes, 0, grown, first, this.length - first);
		this.bytes = grown;
		this.head = 0;
	}

}
