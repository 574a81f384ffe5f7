package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Decodes Base64 text slice by slice through {@link Base64.Decoder#decode(byte[], byte[])}, which
 * the JVM replaces by vector code where the CPU has it (AVX-512 VBMI on x86-64 even on JDK 17; AVX2
 * and NEON too from JDK 21) once its caller is compiled: reached per slice rather than once per
 * datagram, it is called often enough to be compiled early. The JDK decodes whole arrays only, so
 * each slice is copied into a scratch array of one slice's characters and its bytes out of another.
 *
 * <p>Only slices of nothing but the alphabet are decoded: a slice with padding, a delimiter or any
 * other byte ends the run, and is left to the caller, whose path says what is wrong. One per stream
 * decoder; not thread-safe.
 */
final class Base64Slices {

	/** Characters per slice of long text decoded ahead: a multiple of 4. */
	static final int SLICE = 4 * 1024;

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	private final byte[] text;

	private final byte[] bytes;

	/** Slices of {@value #SLICE} characters. */
	Base64Slices() {
		this(SLICE);
	}

	/**
	 * @param slice characters per slice: a positive multiple of 4
	 */
	Base64Slices(int slice) {
		this.text = new byte[slice];
		this.bytes = new byte[slice / 4 * 3];
	}

	/**
	 * Decodes up to {@code count} slices of {@code source} from {@code from} on into {@code target}
	 * from {@code offset} on, a slice's characters / 4 * 3 bytes per slice, stopping before the
	 * first slice that is not wholly of the alphabet.
	 * @return the number of characters decoded, a multiple of the slice
	 */
	int decode(byte[] source, int from, int count, byte[] target, int offset) {
		return decode(ByteBuffer.wrap(source), from, count, target, offset);
	}

	/** As {@link #decode(byte[], int, int, byte[], int)}, from a buffer, heap or direct, at absolute indexes. */
	int decode(ByteBuffer source, int from, int count, byte[] target, int offset) {
		int in = from;
		for (int slice = 0; slice < count; slice++, in += this.text.length) {
			source.get(in, this.text, 0, this.text.length);
			if (!decodeText(target, offset + slice * this.bytes.length)) {
				break;
			}
		}
		return in - from;
	}

	/** Decodes the slice copied to {@link #text} into the target at {@code out}, if it is all alphabet. */
	private boolean decodeText(byte[] target, int out) {
		int decoded;
		try {
			decoded = DECODER.decode(this.text, this.bytes);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (decoded != this.bytes.length) {
			// padding, which only the final unit of a datagram may have
			return false;
		}
		System.arraycopy(this.bytes, 0, target, out, decoded);
		return true;
	}

}
