package io.github.xpipe.codec;

/** A base64 datagram was not valid padded Base64. The decoder goes on after its 0x00 delimiter. */
public class InvalidBase64Exception extends FrameException {

	public InvalidBase64Exception(String pipeName, long byteCount, String message) {
		super(pipeName, byteCount, message);
	}

	@Override
	public Reason reason() {
		return Reason.BASE64;
	}

}
