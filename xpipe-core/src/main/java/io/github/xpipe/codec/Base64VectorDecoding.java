package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * Decodes a datagram that lies whole in the read buffer through
 * {@link Base64.Decoder#decode(byte[], byte[])}, which the JVM runs as vector code from Java 21 on:
 * AVX2 or AVX-512 on x86-64, NEON on AArch64. There it is about twice as fast as
 * {@link Base64ShortDatagrams} for a 64-byte payload and three to seven times as fast from 128 bytes
 * up. Java 17 to 20 vectorise only some CPUs, and only texts of more than 128 characters; elsewhere
 * their decoder works byte by byte, 1.2 to 1.5 times slower than {@link Base64ShortDatagrams}. So a
 * stream decoder uses this class on Java 21 and later only ({@link #AVAILABLE}).
 *
 * <p>The JDK decodes whole arrays only. A text is decoded in {@linkplain Base64Slices slices} of
 * {@value #CHUNK} characters, then its last 4 to {@value #CHUNK} characters, with the final unit,
 * through an array of their exact length, kept for the next text that ends with as many: at most one
 * per multiple of 4, made when first needed (a stream of one size needs one; every length together
 * takes 131 KB). A text of at most {@value #CHUNK} characters is decoded straight into the payload's
 * array; a longer one's end through an array of bytes. Only text whose length is a multiple of 4 is decoded
 * here: on such text the JDK accepts and rejects what {@link Base64Decoding} does, and decodes to
 * the same bytes. Text it rejects is left to the caller's path, which says why. One per stream
 * decoder; not thread-safe.
 */
final class Base64VectorDecoding {

	/** Whether this JVM vectorises the JDK's Base64 decoder for short texts: Java 21 or later. */
	static final boolean AVAILABLE = Runtime.version().feature() >= 21;

	/** Characters decoded per call in a longer text: a multiple of 4. */
	static final int CHUNK = 1024;

	/**
	 * The longest text decoded here. A longer datagram, or one that the read cut, is left to the
	 * general path after a scan of at most this many bytes for its delimiter.
	 */
	static final int LONGEST_TEXT = 64 * 1024;

	private static final Base64.Decoder DECODER = Base64.getDecoder();

	/** The longest text decoded. */
	private final int maxText;

	/** Arrays for the last 4 to {@link #CHUNK} characters of a text, by their number / 4. */
	private final byte[] @Nullable [] ends = new byte[CHUNK / 4 + 1][];

	private final Base64Slices chunks = new Base64Slices(CHUNK);

	/** The bytes of a longer text's end. */
	private final byte[] endBytes = new byte[CHUNK / 4 * 3];

	/** The length of the last text decoded, where the next datagram's delimiter is looked for first. */
	private int lastLength = 4;

	/**
	 * @param maxMessageSize the longest text of a datagram, if less than {@link #LONGEST_TEXT}
	 */
	Base64VectorDecoding(int maxMessageSize) {
		this.maxText = Math.min(LONGEST_TEXT, maxMessageSize);
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
		byte[] payload = new byte[3 * (length / 4)
				- Base64Decoding.padding(source.get(delimiter - 2), source.get(delimiter - 1))];
		try {
			if (!decodeInto(source, from, delimiter, payload)) {
				return null;
			}
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		source.position(delimiter + 1);
		return payload;
	}

	/** Whether {@code source[from, to)} decoded to exactly the payload's bytes. */
	private boolean decodeInto(ByteBuffer source, int from, int to, byte[] payload) {
		int count = (to - from - 1) / CHUNK; // whole chunks, never the final unit
		int in = from + this.chunks.decode(source, from, count, payload, 0);
		if (in != from + count * CHUNK) {
			return false; // a chunk with padding, or not all alphabet
		}
		byte[] text = endOfLength(to - in);
		source.get(in, text, 0, text.length);
		if (count == 0) {
			return DECODER.decode(text, payload) == payload.length;
		}
		int out = count * this.endBytes.length;
		int decoded = DECODER.decode(text, this.endBytes);
		System.arraycopy(this.endBytes, 0, payload, out, Math.min(decoded, payload.length - out));
		return out + decoded == payload.length;
	}

	private byte[] endOfLength(int length) {
		byte[] text = this.ends[length >>> 2];
		if (text == null) {
			text = new byte[length];
			this.ends[length >>> 2] = text;
		}
		return text;
	}

}
