package io.github.xpipe.codec;

/** A {@link FrameSink} that only counts, so that it allocates nothing itself. */
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

	/** Heap bytes of a {@code byte[length]}: a 16-byte header, then the data, padded to 8 bytes. */
	static long arrayFootprint(int length) {
		return (16L + length + 7) & ~7L;
	}

}
