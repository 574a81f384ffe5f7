package io.github.xpipe.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Strict decoding of one padded standard Base64 datagram into an array of exactly its decoded size.
 *
 * <p>Accepts exactly what the basic {@link java.util.Base64#getDecoder() java.util.Base64 decoder}
 * accepts from text whose length is a multiple of 4: every character in the {@code A-Z a-z 0-9 + /}
 * alphabet, except that the final 4-character unit may end in {@code =} or {@code ==}. Like it, it
 * ignores the unused low bits of the last character before the padding.
 *
 * <p>Eight characters per step: one 8-byte load, a lookup per pair of characters in a table that
 * maps the pair's two bytes to its 12 bits (and to -1, which sets the sign, when either is outside
 * the alphabet), one test of the sign for all eight, and one 8-byte store of which the next step
 * overwrites the last two bytes. The table takes 128 KB; the pairs that occur in valid text lie in
 * about 14 KB of it.
 */
final class Base64Decoding {

	private static final VarHandle LONG_LITTLE_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG_BIG_ENDIAN = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.BIG_ENDIAN);

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	private static final byte PADDING = '=';

	private static final int INVALID = -1;

	/** Each byte's 6 bits, or {@link #INVALID}. */
	static final int[] SEXTETS = sextets();

	/** Indexed by {@code first | second << 8}: the pair's 12 bits, or {@link #INVALID}. */
	private static final short[] PAIRS = pairs();

	private Base64Decoding() {
	}

	private static int[] sextets() {
		int[] table = new int[256];
		Arrays.fill(table, INVALID);
		for (int value = 0; value < ALPHABET.length(); value++) {
			table[ALPHABET.charAt(value)] = value;
		}
		return table;
	}

	private static short[] pairs() {
		short[] table = new short[1 << 16];
		Arrays.fill(table, (short) INVALID);
		for (int first = 0; first < ALPHABET.length(); first++) {
			for (int second = 0; second < ALPHABET.length(); second++) {
				table[ALPHABET.charAt(first) | ALPHABET.charAt(second) << 8] = (short) (first << 6 | second);
			}
		}
		return table;
	}

	/**
	 * The size {@code source[from, to)} decodes to, if valid: 3 bytes per 4 characters, less one per
	 * trailing {@code =} (at most two).
	 * @param source the text, whose length {@code to - from} is a positive multiple of 4
	 */
	static int decodedLength(byte[] source, int from, int to) {
		return 3 * ((to - from) / 4) - padding(source[to - 2], source[to - 1]);
	}

	/**
	 * Decodes {@code source[from, to)} into {@code target}, whose length must be
	 * {@link #decodedLength}; on invalid input the target holds garbage.
	 * @param source the text, whose length {@code to - from} is a positive multiple of 4
	 * @throws IllegalArgumentException saying why the text is not valid padded Base64
	 */
	static void decode(byte[] source, int from, int to, byte[] target) {
		decode(source, from, to, target, 0);
	}

	/**
	 * Decodes {@code source[from, to)} into {@code target} from {@code offset} on, where the target
	 * must end with the decoded bytes; on invalid input the target holds garbage from the offset on.
	 * @param source the text, whose length {@code to - from} is a positive multiple of 4
	 * @throws IllegalArgumentException saying why the text is not valid padded Base64
	 */
	static void decode(byte[] source, int from, int to, byte[] target, int offset) {
		int last = to - 4;
		// Eight characters while at least one whole unit follows them and the final one: the 8-byte
		// store then ends inside the target.
		int in = decodeSteps(source, from, last - 4, target, offset);
		if (in <= last - 12) {
			throw invalid(source, from, in, to);
		}
		int out = offset + (in - from) / 8 * 6;
		for (; in < last; in += 4, out += 3) {
			int unit = sextet(source, in) << 18 | sextet(source, in + 1) << 12 | sextet(source, in + 2) << 6
					| sextet(source, in + 3);
			if (unit < 0) {
				throw invalid(source, from, in, to);
			}
			target[out] = (byte) (unit >>> 16);
			target[out + 1] = (byte) (unit >>> 8);
			target[out + 2] = (byte) unit;
		}
		decodeFinalUnit(source, from, last, target, out);
	}

	/**
	 * Decodes whole 8-character steps of {@code source[from, stop)} into {@code target} from
	 * {@code offset} on, up to the first step that holds a byte outside the alphabet or would pass
	 * {@code stop}. Each step stores 8 bytes, of which the next step overwrites the last two.
	 * @param target room for {@code (stop - from) / 8 * 6 + 2} bytes from {@code offset}
	 * @return where decoding stopped: {@code from} plus a multiple of 8
	 */
	static int decodeSteps(byte[] source, int from, int stop, byte[] target, int offset) {
		int in = from;
		for (int out = offset; in <= stop - Long.BYTES; in += Long.BYTES, out += 6) {
			long bits = stepBits((long) LONG_LITTLE_ENDIAN.get(source, in));
			if (bits < 0) {
				break;
			}
			LONG_BIG_ENDIAN.set(target, out, bits << 16);
		}
		return in;
	}

	/**
	 * The 48 bits of 8 characters (the first in the lowest byte of {@code chars}), or a negative
	 * value when any of them is outside the alphabet.
	 */
	static long stepBits(long chars) {
		int high = PAIRS[(int) chars & 0xFFFF] << 12 | PAIRS[(int) (chars >>> 16) & 0xFFFF];
		int low = PAIRS[(int) (chars >>> 32) & 0xFFFF] << 12 | PAIRS[(int) (chars >>> 48)];
		return (long) high << 24 | low;
	}

	private static int sextet(byte[] source, int index) {
		return SEXTETS[source[index] & 0xFF];
	}

	/**
	 * The 24 bits of a datagram's final unit, of which the last one or two characters may be padding
	 * (its bits are then zero), or a negative value when the unit is not valid.
	 */
	static int finalUnitBits(byte first, byte second, byte third, byte fourth) {
		int unit = SEXTETS[first & 0xFF] << 18 | SEXTETS[second & 0xFF] << 12;
		if (fourth != PADDING) {
			return unit | SEXTETS[third & 0xFF] << 6 | SEXTETS[fourth & 0xFF];
		}
		return (third != PADDING) ? unit | SEXTETS[third & 0xFF] << 6 : unit;
	}

	/** How many padding characters end a final unit whose last two characters are these: 0, 1 or 2. */
	static int padding(byte third, byte fourth) {
		return (fourth != PADDING) ? 0 : (third != PADDING) ? 1 : 2;
	}

	private static void decodeFinalUnit(byte[] source, int from, int last, byte[] target, int out) {
		int unit = finalUnitBits(source[last], source[last + 1], source[last + 2], source[last + 3]);
		if (unit < 0) {
			throw invalid(source, from, last, last + 4);
		}
		target[out] = (byte) (unit >>> 16);
		if (out + 1 < target.length) {
			target[out + 1] = (byte) (unit >>> 8);
		}
		if (out + 2 < target.length) {
			target[out + 2] = (byte) unit;
		}
	}

	/** Why {@code source[from, to)} is invalid, given that the first fault lies at or after {@code at}. */
	private static IllegalArgumentException invalid(byte[] source, int from, int at, int to) {
		int finalUnit = to - 4;
		for (int i = at; i < to; i++) {
			int c = source[i] & 0xFF;
			if (c == PADDING) {
				return new IllegalArgumentException(((i < finalUnit) ? "padding before the final 4-character unit"
						: "misplaced padding in the final 4-character unit") + ", at index " + (i - from));
			}
			if (SEXTETS[c] == INVALID) {
				return new IllegalArgumentException(
						"illegal character 0x" + Integer.toHexString(c) + " at index " + (i - from));
			}
		}
		throw new IllegalStateException("No invalid character in what failed to decode");
	}

}
