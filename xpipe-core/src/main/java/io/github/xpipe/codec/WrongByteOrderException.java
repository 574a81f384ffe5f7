package io.github.xpipe.codec;

/**
 * A {@code length-crc32} frame whose lengths are consistent in the byte order other than the one the
 * stream is read in: the order the pipe is pinned to, or the one its first frame had. The message
 * names both orders and the setting to change.
 */
public class WrongByteOrderException extends FrameException {

	/**
	 * @param pipeName the pipe the frame arrived on
	 * @param byteCount the size of the frame, as its header declares it in its own order
	 * @param message which order was found, which was expected, and what to change
	 */
	public WrongByteOrderException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.BYTE_ORDER;
	}

}
