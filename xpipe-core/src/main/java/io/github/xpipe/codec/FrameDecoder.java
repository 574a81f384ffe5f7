package io.github.xpipe.codec;

import java.nio.ByteBuffer;

/**
 * Streaming decoder for one byte stream, typically one connected writer.
 *
 * <p>Frames split across reads and many frames in one read both decode; the work is linear in the
 * bytes given. Bad input never throws: it is reported to {@link FrameSink#onError} and decoding goes
 * on with the next frame where the framing allows it. After a length the decoder cannot trust (over
 * the maximum, or inconsistent), a length-prefixed framing cannot find the next frame boundary: it
 * discards all input until {@link #endOfStream}, i.e. until that writer disconnects.
 *
 * <p>Not thread-safe: one decoder per stream, driven by one thread at a time.
 */
public interface FrameDecoder {

	/**
	 * Consumes every remaining byte of {@code source}, reporting each complete frame and each error
	 * to {@code sink} in stream order. The decoder never keeps a reference to {@code source}: bytes
	 * of an incomplete frame it needs later are copied (bounded by the maximum message size).
	 */
	void decode(ByteBuffer source, FrameSink sink);

	/**
	 * The stream ended (the writer disconnected). A partial frame is discarded and reported as a
	 * {@link TruncatedFrameException}; the decoder is then ready for a new stream.
	 */
	void endOfStream(FrameSink sink);

	/** Bytes of an incomplete frame held since the last complete one (0 between frames). */
	int bufferedBytes();

	/**
	 * Bytes still missing from the frame being decoded, once its length is known and accepted: a
	 * reader may fetch that many at once, since they belong to one frame. 0 between frames, before
	 * the length is known, while discarding, and for framings without a length (the default).
	 */
	default long missingBytes() {
		return 0;
	}

}
