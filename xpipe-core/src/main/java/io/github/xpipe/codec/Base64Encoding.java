package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Standard padded Base64 of a payload slice into a buffer, through {@link Base64.Encoder#encode(byte[], byte[])}
 * (which the JVM may replace with vector code) and a per-thread scratch of fixed size: nothing is
 * allocated per call, however large the payload.
 *
 * <p>The slice is encoded in chunks of {@value #CHUNK} bytes, a multiple of 3, so that each chunk's
 * text is the next part of the whole text. The JDK encodes whole arrays only, so the last, shorter
 * part is encoded as the window of the payload that ends with it and starts on a multiple of 3 from
 * the slice's start, of a length that the scratch holds an array for: {@value #CHUNK}, one less or two
 * less bytes (one length per remainder modulo 3). Its text repeats what was already written up to
 * where the part begins, then ends with the part and its padding.
 */
final class Base64Encoding {

	/** Payload bytes encoded per call of the JDK encoder. */
	static final int CHUNK = 3 * 8 * 1024;

	private static final Base64.Encoder ENCODER = Base64.getEncoder();

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	private Base64Encoding() {
	}

	/**
	 * Puts the Base64 text of {@code payload[offset, offset + length)} into the target, which must
	 * have room for it.
	 * @param length at least {@value #CHUNK}
	 */
	static void encodeChunked(byte[] payload, int offset, int length, ByteBuffer target) {
		if (length < CHUNK) {
			throw new IllegalArgumentException("Chunked encoding needs at least " + CHUNK + " bytes, got " + length);
		}
		Scratch scratch = SCRATCH.get();
		int end = offset + length;
		int from = offset;
		for (; end - from > CHUNK; from += CHUNK) {
			System.arraycopy(payload, from, scratch.chunk, 0, CHUNK);
			int encoded = ENCODER.encode(scratch.chunk, scratch.text);
			target.put(scratch.text, 0, encoded);
		}
		int rest = end - from;
		byte[] window = scratch.windowFor(rest);
		int repeated = window.length - rest;
		System.arraycopy(payload, end - window.length, window, 0, window.length);
		int encoded = ENCODER.encode(window, scratch.text);
		int skipped = repeated / 3 * 4;
		target.put(scratch.text, skipped, encoded - skipped);
	}

	/** One thread's arrays: the payload chunk, the shorter windows and the text. */
	private static final class Scratch {

		final byte[] chunk = new byte[CHUNK];

		final byte[] text = new byte[CHUNK / 3 * 4];

		private byte[] oneShorter = {};

		private byte[] twoShorter = {};

		/**
		 * The longest array of at most {@value #CHUNK} bytes whose length is {@code rest} modulo 3.
		 * @param rest between 1 and {@value #CHUNK}
		 */
		byte[] windowFor(int rest) {
			return switch (rest % 3) {
				case 0 -> this.chunk;
				case 2 -> (this.oneShorter.length != 0) ? this.oneShorter : (this.oneShorter = new byte[CHUNK - 1]);
				default -> (this.twoShorter.length != 0) ? this.twoShorter : (this.twoShorter = new byte[CHUNK - 2]);
			};
		}

	}

}
