package io.github.xpipe.codec;

/** The writer disconnected in the middle of a frame; the partial frame was discarded. */
public class TruncatedFrameException extends FrameException {

	public TruncatedFrameException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.TRUNCATED;
	}

}
