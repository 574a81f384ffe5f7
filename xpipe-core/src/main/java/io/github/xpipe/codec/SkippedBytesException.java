package io.github.xpipe.codec;

/**
 * A stretch of input that belongs to no frame the decoder could find was skipped while it looked for
 * the next frame boundary: after a rejected frame, or when the stream started in the middle of a
 * frame. Reported once per stretch, with its length, never once per byte.
 */
public class SkippedBytesException extends FrameException {

	/**
	 * @param pipeName the pipe the bytes arrived on
	 * @param byteCount how many bytes were skipped
	 * @param message what was skipped and why
	 */
	public SkippedBytesException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.SKIPPED;
	}

}
