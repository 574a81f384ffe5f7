package io.github.xpipe.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoding of a {@code base64} datagram where it lies in the read buffer, heap or direct, in one pass
 * that also finds its delimiter: no scan for the delimiter first and no gathering of the text.
 *
 * <p>Eight characters per step, as {@link Base64Decoding} does: a byte outside the alphabet (the
 * delimiter, padding, or a fault) fails the step's table lookups. In valid text that step holds the
 * delimiter at its first or fifth byte, or the final unit with its padding and the delimiter just
 * after it; the last one or two units are then decoded one by one. Anything else (a fault, a datagram
 * that goes on past the step limit or the end of the buffer) is left to the general path, with
 * what the steps decoded so far.
 */
final class Base64ShortDatagrams {

	/** The last units are not valid. */
	static final int NOT_DECODED = -1;

	/** Characters of a direct source decoded where they lie, before the rest is staged. */
	static final int DIRECT_TEXT = 128;

	private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.BIG_ENDIAN);

	private Base64ShortDatagrams() {
	}

	/**
	 * The room {@link #decodeSteps} and {@link #decodeLastUnits} need in their target for a datagram
	 * of up to {@code maxText} characters.
	 */
	static int targetSize(int maxText) {
		return maxText / 4 * 3 + 8;
	}

	/**
	 * Decodes whole 8-character steps of {@code source[from, stop)} into {@code target} from index 0,
	 * up to the first step that holds a byte outside the alphabet or would pass {@code stop}.
	 * A heap source is read in its array. A direct one is read where it lies for its first
	 * {@value #DIRECT_TEXT} characters, enough for most short datagrams; the rest of the span is
	 * first copied to {@code stage} in one go, since reading a direct buffer 8 bytes at a time costs
	 * more per byte than one copy and reading an array.
	 * @param target at least {@link #targetSize targetSize(stop - from)} bytes
	 * @param stage at least {@code stop - from} bytes
	 * @return where decoding stopped: {@code from} plus a multiple of 8
	 */
	static int decodeSteps(ByteBuffer source, int from, int stop, byte[] target, byte[] stage) {
		if (source.hasArray()) {
			int base = source.arrayOffset();
			return Base64Decoding.decodeSteps(source.array(), base + from, base + stop, target, 0) - base;
		}
		boolean bigEndian = source.order() == ByteOrder.BIG_ENDIAN;
		int directStop = Math.min(stop, from + DIRECT_TEXT);
		int in = from;
		for (int out = 0; in <= directStop - Long.BYTES; in += Long.BYTES, out += 6) {
			long word = source.getLong(in);
			long bits = Base64Decoding.stepBits(bigEndian ? Long.reverseBytes(word) : word);
			if (bits < 0) {
				return in;
			}
			LONG_BIG_ENDIAN.set(target, out, bits << 16);
		}
		int rest = (stop - in) & -Long.BYTES;
		if (rest == 0) {
			return in;
		}
		source.get(in, stage, 0, rest);
		return in + Base64Decoding.decodeSteps(stage, 0, rest, target, (in - from) / 8 * 6);
	}

	/**
	 * Decodes the last units of a datagram, {@code source[at, end)} of 0, 4 or 8 characters of which
	 * only the last unit may end in padding, into {@code target} from {@code out}.
	 * @param target room for 6 more bytes from {@code out}
	 * @return the payload's length ({@code out} plus what these units add), or {@link #NOT_DECODED}
	 *         when they are not valid
	 */
	static int decodeLastUnits(ByteBuffer source, int at, int end, byte[] target, int out) {
		if (at == end) {
			return out;
		}
		int unit = at;
		int length = out;
		if (end - at == Long.BYTES) {
			int whole = sextet(source, unit) << 18 | sextet(source, unit + 1) << 12 | sextet(source, unit + 2) << 6
					| sextet(source, unit + 3);
			if (whole < 0) {
				return NOT_DECODED;
			}
			put(whole, target, length);
			unit += 4;
			length += 3;
		}
		byte third = source.get(unit + 2);
		byte fourth = source.get(unit + 3);
		int last = Base64Decoding.finalUnitBits(source.get(unit), source.get(unit + 1), third, fourth);
		if (last < 0) {
			return NOT_DECODED;
		}
		put(last, target, length);
		return length + 3 - Base64Decoding.padding(third, fourth);
	}

	private static int sextet(ByteBuffer source, int index) {
		return Base64Decoding.SEXTETS[source.get(index) & 0xFF];
	}

	private static void put(int unit, byte[] target, int at) {
		target[at] = (byte) (unit >>> 16);
		target[at + 1] = (byte) (unit >>> 8);
		target[at + 2] = (byte) unit;
	}

}
