package io.github.xpipe.codec;

/**
 * A length-crc32 frame header whose messageLength is not dataLength + 8. The decoder resynchronises
 * on the next valid frame.
 */
public class MalformedFrameException extends FrameException {

	public MalformedFrameException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.MALFORMED;
	}

}
