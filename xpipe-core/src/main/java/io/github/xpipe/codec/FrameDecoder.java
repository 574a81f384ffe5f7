package io.github.xpipe.codec;

import java.nio.ByteBuffer;

/**
 * Streaming decoder for one byte stream, typically one connected writer.
 *
 * <p>Frames split across reads and many frames in one read both decode; the work is linear in the
 * bytes given. Bad input never throws: it is reported to {@link FrameSink#onError} and decoding goes
 * on by itself: after any rejected frame the decoder finds the next frame boundary from the bytes
 * that follow (see each framing for how, and what it guarantees), without waiting for
 * {@link #endOfStream}. Errors are bounded: one per rejected frame and one per stretch of skipped
 * bytes, never one per byte.
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

	/**
	 * The stream may continue in the middle of a frame (e.g. a reader started on a FIFO that already
	 * held bytes): drops any partial frame held and finds the next frame boundary from the bytes
	 * before delivering again. Bytes skipped to get there are reported once, as one
	 * {@link FrameException.Reason#SKIPPED} error with their count, when the boundary is found or the
	 * stream ends. Costs almost nothing when the stream is in fact aligned: the first frame then
	 * comes out as it would have anyway (for {@code base64}, see {@link Base64Codec}: the bytes up to
	 * the next delimiter are dropped, since nothing marks where a datagram starts).
	 */
	void resynchronize();

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
