package io.github.xpipe.codec;

import java.nio.ByteBuffer;

/**
 * A wire framing: turns one message into one frame and a byte stream back into messages.
 *
 * <p>Implementations are immutable and thread-safe; each {@link FrameDecoder} they create is
 * stateful and belongs to one byte stream (one connected writer).
 */
public interface FrameCodec {

	/** The framing this codec speaks. */
	Framing framing();

	/** The largest payload this codec encodes or accepts, in bytes (the configured maximum). */
	int maxMessageSize();

	/**
	 * The exact number of bytes {@link #encode} writes for a payload of the given length.
	 * @throws FrameTooLargeException if {@code payloadLength} exceeds {@link #maxMessageSize()}
	 */
	int encodedLength(int payloadLength) throws FrameTooLargeException;

	/**
	 * Writes the frame of {@code payload[offset, offset+length)} into {@code target} at its
	 * position, advancing it. {@code target} must have {@link #encodedLength(int)} bytes remaining.
	 * @throws FrameTooLargeException if {@code length} exceeds {@link #maxMessageSize()}
	 */
	void encode(byte[] payload, int offset, int length, ByteBuffer target) throws FrameTooLargeException;

	/** Encodes one payload into a new array holding exactly its frame. */
	default byte[] encode(byte[] payload) throws FrameTooLargeException {
		ByteBuffer frame = ByteBuffer.allocate(encodedLength(payload.length));
		encode(payload, 0, payload.length, frame);
		return frame.array();
	}

	/**
	 * A new decoder for one byte stream.
	 * @param pipeName the pipe's name, carried by every error the decoder reports
	 */
	FrameDecoder newDecoder(String pipeName);

}
