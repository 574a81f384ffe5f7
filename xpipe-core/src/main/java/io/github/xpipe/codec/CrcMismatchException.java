package io.github.xpipe.codec;

/** The CRC-32 of a frame's data did not match its crc32 field. The decoder goes on with the next frame. */
public class CrcMismatchException extends FrameException {

	public CrcMismatchException(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.CRC;
	}

}
