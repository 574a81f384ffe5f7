package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * A {@link FrameSink} that only counts, so that it allocates nothing itself; it can also feed a
 * decoder a long stretch of random bytes.
 */
final class CountingSink implements FrameSink {

	int frames;

	long payloadBytes;

	int errors;

	@Override
	public void onFrame(byte[] payload) {
		this.frames++;
		this.payloadBytes += payload.length;
	}

	@Override
	public void onError(FrameException error) {
		this.errors++;
	}

	/** Feeds the decoder {@code total} random bytes from {@code seed}, in 64 KiB reads, into this sink. */
	void feedRandom(FrameDecoder decoder, long total, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		byte[] chunk = new byte[65536];
		for (long fed = 0; fed < total; fed += chunk.length) {
			random.nextBytes(chunk);
			decoder.decode(ByteBuffer.wrap(chunk), this);
		}
	}

	/** Heap bytes of a {@code byte[length]}: a 16-byte header, then the data, padded to 8 bytes. */
	static long arrayFootprint(int length) {
		return (16L + length + 7) & ~7L;
	}

}
