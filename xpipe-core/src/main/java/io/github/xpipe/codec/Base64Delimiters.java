package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The {@code 0x00} delimiter that ends every {@code base64} datagram, and finding it in a read buffer. */
final class Base64Delimiters {

	/** The byte that ends every datagram. */
	static final byte DELIMITER = 0;

	private Base64Delimiters() {
	}

	/**
	 * The index of the first 0x00 in {@code source[from, to)}, or -1. First skips 32 bytes per step
	 * while none of them is zero, then tests eight bytes per step: in each byte of {@code zeros} the
	 * high bit is set exactly when that byte of {@code word} is zero (no carry crosses a byte, so
	 * there are no false positives).
	 */
	static int indexOf(ByteBuffer source, int from, int to) {
		boolean bigEndian = source.order() == ByteOrder.BIG_ENDIAN;
		int i = from;
		for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
			if ((hasZeroByte(source.getLong(i)) | hasZeroByte(source.getLong(i + Long.BYTES))
					| hasZeroByte(source.getLong(i + 2 * Long.BYTES)) | hasZeroByte(source.getLong(i + 3 * Long.BYTES))) != 0) {
				break;
			}
		}
		for (; i <= to - Long.BYTES; i += Long.BYTES) {
			long word = source.getLong(i);
			long zeros = ~(((word & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | word | 0x7F7F7F7F7F7F7F7FL);
			if (zeros != 0) {
				int bit = bigEndian ? Long.numberOfLeadingZeros(zeros) : Long.numberOfTrailingZeros(zeros);
				return i + (bit >>> 3);
			}
		}
		for (; i < to; i++) {
			if (source.get(i) == DELIMITER) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Non-zero exactly when a byte of {@code word} is zero (a borrow can only mark bytes above a zero
	 * byte, so it tells whether there is one, not where).
	 */
	private static long hasZeroByte(long word) {
		return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
	}

	/**
	 * The index of the delimiter that ends a datagram whose whole units before {@code at} are decoded,
	 * if it lies where valid text puts it: at {@code at}, 4 or 8 bytes after it (a last unit, or a
	 * unit and a last unit with padding); -1 if none of them is in {@code source[at, limit)}.
	 */
	static int afterWholeUnits(ByteBuffer source, int at, int limit) {
		for (int end = at; end < limit && end <= at + Long.BYTES; end += 4) {
			if (source.get(end) == DELIMITER) {
				return end;
			}
		}
		return -1;
	}

}
