package io.github.xpipe.codec;

import java.util.Base64;

/**
 * Decodes long Base64 text slice by slice through {@link Base64.Decoder#decode(byte[], byte[])},
 * which the JVM replaces by vector code where the CPU has it (AVX-512 VBMI on x86-64, even on
 * JDK 17) once its caller is compiled: reached per slice rather than once per datagram, it is
 * called often enough to be compiled early. The JDK decodes whole arrays only, so each slice is
 * copied into a scratch array of {@value #SLICE} characters and its bytes out of another.
 *
 * <p>Only slices of nothing but the alphabet are decoded: a slice with padding, a delimiter or any
 * other byte ends the run, and is left to {@link Base64Decoding}, which says what is wrong. One per
 * stream decoder; not thread-safe.
 */
final class Base64Slices {

	/** Characters per slice: a multiple of 4. */
	static final int SLICE = 4 * 1024;

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	private final byte[] text = new byte[SLICE];

	private final byte[] bytes = new byte[SLICE / 4 * 3];

	/**
	 * Decodes up to {@code count} slices of {@code source} from {@code from} on into {@code target}
	 * from {@code offset} on, {@value #SLICE} / 4 * 3 bytes per slice, stopping before the first
	 * slice that is not wholly of the alphabet.
	 * @return the number of characters decoded, a multiple of {@value #SLICE}
	 */
	int decode(byte[] source, int from, int count, byte[] target, int offset) {
		int in = from;
		int out = offset;
		for (int slice = 0; slice < count; slice++) {
			System.arraycopy(source, in, this.text, 0, SLICE);
			int decoded;
			try {
				decoded = DECODER.decode(this.text, this.bytes);
			}
			catch (IllegalArgumentException ex) {
				break;
			}
			if (decoded != this.bytes.length) {
				// padding, which only the final unit of a datagram may have
				break;
			}
			System.arraycopy(this.bytes, 0, target, out, decoded);
			in += SLICE;
			out += decoded;
		}
		return in - from;
	}

}
