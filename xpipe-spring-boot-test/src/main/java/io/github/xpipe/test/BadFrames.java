package io.github.xpipe.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;

/** The bytes of the bad frames a {@link PipeTestWriter} injects, for the framing of one pipe. */
final class BadFrames {

	/** A base64 datagram a decoder must reject: {@code #} is outside the alphabet. */
	private static final byte[] INVALID_BASE64 = "#not-base64#".getBytes(StandardCharsets.US_ASCII);

	private BadFrames() {
	}

	/**
	 * A length-crc32 header whose messageLength (256) is not dataLength (0) + 8, in either byte
	 * order, so that a reader that guesses the order from the first frame rejects it too.
	 */
	static byte[] malformedHeader(FrameCodec codec, String pipe) {
		LengthCrc32Codec lengthCrc32 = lengthCrc32(codec, pipe, "a malformed header");
		return ByteBuffer.allocate(8).order(lengthCrc32.byteOrder()).putInt(256).putInt(0).array();
	}

	/** The length-crc32 frame of the payload with a wrong, non-zero CRC-32. */
	static byte[] badCrc(FrameCodec codec, String pipe, byte[] payload) throws FrameTooLargeException {
		LengthCrc32Codec lengthCrc32 = lengthCrc32(codec, pipe, "a bad CRC");
		byte[] frame = new LengthCrc32Codec(lengthCrc32.byteOrder(), true, lengthCrc32.maxMessageSize()).encode(payload);
		ByteBuffer trailer = ByteBuffer.wrap(frame).order(lengthCrc32.byteOrder());
		int wrong = ~trailer.getInt(frame.length - 4);
		trailer.putInt(frame.length - 4, (wrong != 0) ? wrong : 1);
		return frame;
	}

	/** The length-crc32 frame of the payload with CRC 0: "not computed", as a peer without CRC sends it. */
	static byte[] zeroCrc(FrameCodec codec, String pipe, byte[] payload) throws FrameTooLargeException {
		LengthCrc32Codec lengthCrc32 = lengthCrc32(codec, pipe, "a frame without CRC");
		return new LengthCrc32Codec(lengthCrc32.byteOrder(), false, lengthCrc32.maxMessageSize()).encode(payload);
	}

	/** The payload's frame without its last byte (base64: the datagram without its delimiter). */
	static byte[] truncated(FrameCodec codec, String pipe, byte[] payload) throws FrameTooLargeException {
		if (codec.framing() == Framing.BASE64 && payload.length == 0) {
			throw new IllegalArgumentException("Pipe '" + pipe + "' uses base64, where an empty message is a lone "
					+ "delimiter: truncate a message of at least one byte");
		}
		byte[] frame = codec.encode(payload);
		return Arrays.copyOf(frame, frame.length - 1);
	}

	/** A datagram that is not Base64, with its delimiter. */
	static byte[] invalidBase64(FrameCodec codec, String pipe) {
		if (codec.framing() != Framing.BASE64) {
			throw new IllegalStateException("Pipe '" + pipe + "' uses " + codec.framing().id()
					+ ", not base64: inject a malformed header, a bad CRC or a truncated frame instead");
		}
		byte[] datagram = Arrays.copyOf(INVALID_BASE64, INVALID_BASE64.length + 1);
		datagram[INVALID_BASE64.length] = 0;
		return datagram;
	}

	private static LengthCrc32Codec lengthCrc32(FrameCodec codec, String pipe, String what) {
		if (codec instanceof LengthCrc32Codec lengthCrc32) {
			return lengthCrc32;
		}
		throw new IllegalStateException("Pipe '" + pipe + "' uses " + codec.framing().id() + ": " + what
				+ " exists only in length-crc32 frames; inject invalid Base64 or a truncated frame instead");
	}

}
