package io.github.xpipe.codec;

/** Receives what a {@link FrameDecoder} decodes, in stream order. */
public interface FrameSink {

	/** One complete, valid message; the array is the receiver's to keep. */
	void onFrame(byte[] payload);

	/** One rejected frame or stretch of input; decoding goes on after it returns. */
	void onError(FrameException error);

}
