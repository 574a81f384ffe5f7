package io.github.xpipe.codec;

import java.nio.ByteOrder;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;

/**
 * The errors a {@code length-crc32} decoder reports, each saying what was wrong, what the decoder
 * does next and, where a setting decides it, which one to change: by its Spring Boot property
 * ({@code xpipe.pipes.<name>.…}) and its {@link LengthCrc32Codec.Builder} option.
 */
final class LengthCrc32Errors {

	private static final String RESYNCHRONISING = "resynchronising on the next valid frame";

	private final String pipeName;

	private final LengthCrc32Codec codec;

	LengthCrc32Errors(String pipeName, LengthCrc32Codec codec) {
		this.pipeName = pipeName;
		this.codec = codec;
	}

	String pipeName() {
		return this.pipeName;
	}

	static String name(ByteOrder order) {
		return (order == ByteOrder.BIG_ENDIAN) ? "big-endian" : "little-endian";
	}

	static ByteOrder other(ByteOrder order) {
		return (order == ByteOrder.BIG_ENDIAN) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
	}

	FrameTooLargeException tooLarge(long dataLength, ByteOrder order) {
		return new FrameTooLargeException(this.pipeName, dataLength + LengthCrc32Codec.FRAME_OVERHEAD,
				"length-crc32 frame declares " + dataLength + " data bytes (read " + name(order)
						+ "), over the maximum message size of " + this.codec.maxMessageSize() + " bytes; "
						+ RESYNCHRONISING + " (if such messages are expected, raise xpipe.pipes.<name>.max-message-size, "
						+ "LengthCrc32Codec.Builder.maxMessageSize; otherwise check that both ends use the same framing)");
	}

	MalformedFrameException malformed(long messageLength, long dataLength, ByteOrder order, boolean eitherOrder) {
		return new MalformedFrameException(this.pipeName, 8, "malformed length-crc32 frame header: messageLength "
				+ messageLength + " is not dataLength " + dataLength + " + 8 (read " + name(order)
				+ (eitherOrder ? ", nor in the other byte order" : "") + "); " + RESYNCHRONISING
				+ " (check that both ends use the same framing)");
	}

	/**
	 * A frame whose header is consistent in the order other than the one this stream reads.
	 * @param dataLength its data length, read in its own order
	 * @param expected the order this stream reads
	 */
	WrongByteOrderException wrongOrder(long dataLength, ByteOrder expected) {
		ByteOrder found = other(expected);
		String what = name(found) + " length-crc32 frame (" + dataLength + " data bytes) ";
		String message;
		if (this.codec.readByteOrder() == ReadByteOrder.PINNED) {
			message = what + "on a pipe pinned to " + name(expected) + ": set xpipe.pipes.<name>.byte-order: "
					+ name(found) + " to speak the peer's order, or xpipe.pipes.<name>.read-byte-order: detect "
					+ "(LengthCrc32Codec.Builder.byteOrder / readByteOrder(ReadByteOrder.DETECT)); " + RESYNCHRONISING;
		}
		else {
			message = what + "on a stream whose first frame was " + name(expected)
					+ ": all writers of a pipe must use one byte order (set xpipe.pipes.<name>.byte-order, "
					+ "LengthCrc32Codec.Builder.byteOrder, on the xpipe writers); " + RESYNCHRONISING;
		}
		return new WrongByteOrderException(this.pipeName, dataLength + LengthCrc32Codec.FRAME_OVERHEAD, message);
	}

	CrcMismatchException crcMismatch(int dataLength, int computed, int received) {
		String frame = "length-crc32 frame of " + dataLength + " data bytes";
		String message;
		if (received == 0 && this.codec.crcCheck() == CrcCheck.STRICT) {
			message = frame + " carries CRC 0 (not computed by its sender) on a pipe with strict CRC checking; frame "
					+ "dropped, " + RESYNCHRONISING + " (to accept frames without a CRC, set "
					+ "xpipe.pipes.<name>.crc-check: lenient, LengthCrc32Codec.Builder.crcCheck(CrcCheck.LENIENT))";
		}
		else {
			message = "CRC-32 mismatch in a " + frame + " (computed 0x" + Integer.toHexString(computed)
					+ ", frame says 0x" + Integer.toHexString(received) + "); frame dropped, " + RESYNCHRONISING
					+ " (if the peer fills the field some other way, set xpipe.pipes.<name>.crc-check: off, "
					+ "LengthCrc32Codec.Builder.crcCheck(CrcCheck.OFF))";
		}
		return new CrcMismatchException(this.pipeName, (long) dataLength + LengthCrc32Codec.FRAME_OVERHEAD, message);
	}

	/**
	 * @param frameLength the length of the frame its header declared, or -1 if the header was incomplete
	 */
	TruncatedFrameException truncated(long held, long frameLength) {
		String of = (frameLength >= 0) ? String.valueOf(frameLength) : "at least 12";
		return new TruncatedFrameException(this.pipeName, held,
				"writer disconnected after " + held + " of " + of + " bytes of a length-crc32 frame; partial frame dropped");
	}

	/**
	 * @param how why the stretch ends here: the next frame was found, the stream ended, or the
	 *        stretch grew long and resynchronising goes on
	 */
	SkippedBytesException skipped(long count, Stretch how) {
		String message = "skipped " + count + " bytes that belong to no valid length-crc32 frame"
				+ switch (how) {
					case FRAME_FOUND -> "; resynchronised on the frame that follows them";
					case END_OF_STREAM -> " up to the end of the stream";
					case ONGOING -> " so far; still resynchronising";
				};
		return new SkippedBytesException(this.pipeName, count, message);
	}

	/** How a stretch of skipped bytes ended. */
	enum Stretch {

		/** At the start of a valid frame. */
		FRAME_FOUND,
		/** At the end of the stream. */
		END_OF_STREAM,
		/** Not yet: reported because it grew long. */
		ONGOING

	}

}
