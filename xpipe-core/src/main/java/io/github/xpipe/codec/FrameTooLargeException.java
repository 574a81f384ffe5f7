package io.github.xpipe.codec;

/** A frame declared, or grew to, more than the configured maximum message size. Nothing of that size was allocated. */
public class FrameTooLargeException extends FrameException {

	public FrameTooLargeException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.TOO_LARGE;
	}

}
