package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * Decodes a short datagram's whole text through {@link Base64.Decoder#decode(byte[], byte[])}, which the
 * JVM runs as vector code from Java 21 on: AVX2 or AVX-512 on x86-64, NEON on AArch64. There it is
 * about twice as fast as {@link Base64ShortDatagrams} for a 64-byte payload and three to seven times
 * as fast from 128 bytes up. Java 17 to 20 vectorise only some CPUs, and only texts of more than 128
 * characters; elsewhere their decoder works byte by byte, 1.2 to 1.5 times slower than
 * {@link Base64ShortDatagrams}. So a stream decoder uses this class on Java 21 and later only
 * ({@link #AVAILABLE}).
 *
 * <p>The JDK decodes whole arrays only, so the text is copied to an array of its exact length,
 * kept for the next text of that length: at most one per multiple of 4 up to the longest text
 * decoded, made when first needed (a stream of one size needs one; all sizes up to 1,024 characters
 * together take 131 KB). The payload is decoded straight into its own array. Only text whose length
 * is a multiple of 4 is decoded here: on such text the JDK accepts and rejects what
 * {@link Base64Decoding} does, and decodes to the same bytes. Text it rejects is left to the
 * caller's path, which says why. One per stream decoder; not thread-safe.
 */
final class Base64VectorDecoding {

	/** Whether this JVM vectorises the JDK's Base64 decoder for short texts: Java 21 or later. */
	static final boolean AVAILABLE = Runtime.version().feature() >= 21;

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	/** The longest text decoded. */
	private final int maxText;

	/** Arrays for texts of each length, by length / 4. */
	private final byte[] @Nullable [] texts;

	/** The length of the last text decoded, where the next datagram's delimiter is looked for first. */
	private int lastLength = 4;

	/**
	 * @param maxText the longest text decoded
	 */
	Base64VectorDecoding(int maxText) {
		this.maxText = maxText;
		this.texts = new byte[maxText / 4 + 1][];
	}

	/**
	 * The payload of the datagram at {@code source[from]}, if its delimiter lies before {@code limit}
	 * and within the longest text decoded, and its text is valid, not empty, and of a length that is a
	 * multiple of 4: the source is then positioned after the delimiter. Otherwise {@code null}, the
	 * source as it was.
	 */
	byte @Nullable [] decode(ByteBuffer source, int from, int limit) {
		int end = Math.min(limit, from + this.maxText + 1);
		int length = this.lastLength;
		int delimiter = from + length;
		if (delimiter >= end || source.get(delimiter) != Base64Delimiters.DELIMITER) {
			delimiter = Base64Delimiters.indexOf(source, from, end);
			length = delimiter - from;
			if (length <= 0 || (length & 3) != 0) {
				return null;
			}
			this.lastLength = length;
		}
		byte[] text = this.texts[length >>> 2];
		if (text == null) {
			text = new byte[length];
			this.texts[length >>> 2] = text;
		}
		source.get(from, text, 0, length);
		byte[] payload = new byte[Base64Decoding.decodedLength(text, 0, length)];
		try {
			if (DECODER.decode(text, payload) != payload.length) {
				return null;
			}
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		source.position(delimiter + 1);
		return payload;
	}

}
