package io.github.xpipe.codec;

import java.nio.ByteOrder;
import java.util.zip.CRC32;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;

import org.jspecify.annotations.Nullable;

/**
 * Judges what a {@link LengthCrc32Scanner} finds: whether two header fields form a header with
 * consistent lengths within the maximum, in a byte order the stream may use, and whether a
 * candidate's CRC holds, as the codec's {@link CrcCheck} asks. It also keeps the stream's byte order:
 * either while unknown, and the first delivered frame's from then on. Not thread-safe.
 */
final class LengthCrc32FrameCheck {

	static final int HEADER_LENGTH = 8;

	static final int TRAILER_LENGTH = 4;

	private final CrcCheck crcCheck;

	private final long maxDataLength;

	private final CRC32 crc32 = new CRC32();

	private boolean readLittle;

	private boolean readBig;

	private long checked;

	LengthCrc32FrameCheck(CrcCheck crcCheck, int maxMessageSize) {
		this.crcCheck = crcCheck;
		this.maxDataLength = maxMessageSize;
	}

	/** Expects headers in the given order, or in either while it is {@code null}. */
	void expect(@Nullable ByteOrder order) {
		this.readLittle = order != ByteOrder.BIG_ENDIAN;
		this.readBig = order != ByteOrder.LITTLE_ENDIAN;
	}

	/** Whether the two fields, read little-endian, form a header and the stream may be little-endian. */
	boolean littleEndianHeader(int messageLength, int dataLength) {
		return this.readLittle && consistent(messageLength, dataLength);
	}

	/** Whether the two fields, read little-endian, form a header once reversed and the stream may be big-endian. */
	boolean bigEndianHeader(int messageLength, int dataLength) {
		return this.readBig && consistent(Integer.reverseBytes(messageLength), Integer.reverseBytes(dataLength));
	}

	private boolean consistent(int messageLength, int dataLength) {
		long data = Integer.toUnsignedLong(dataLength);
		return data <= this.maxDataLength && Integer.toUnsignedLong(messageLength) == data + HEADER_LENGTH;
	}

	/** A frame in the given order was delivered: if it was the stream's first, its order is the stream's from now on. */
	void settle(boolean big) {
		if (this.readLittle && this.readBig) {
			this.readLittle = !big;
			this.readBig = big;
		}
	}

	/** The stream's byte order once known, else {@code null}. */
	@Nullable ByteOrder order() {
		if (this.readLittle && this.readBig) {
			return null;
		}
		return this.readBig ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
	}

	/** Whether the frame the ring holds from {@code start} to {@code end}, in the given order, passes the CRC check. */
	boolean verify(ByteRing ring, long start, long end, boolean big) {
		if (this.crcCheck == CrcCheck.OFF) {
			return true;
		}
		int received = ring.getInt(end - TRAILER_LENGTH, big);
		if (received == 0 && this.crcCheck == CrcCheck.LENIENT) {
			return true;
		}
		long dataStart = start + HEADER_LENGTH;
		this.crc32.reset();
		ring.updateCrc(this.crc32, dataStart, end - TRAILER_LENGTH);
		this.checked += end - TRAILER_LENGTH - dataStart;
		return (int) this.crc32.getValue() == received;
	}

	/** Bytes whose CRC was computed so far. */
	long checkedBytes() {
		return this.checked;
	}

}
