package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.CRC32;

import org.jspecify.annotations.Nullable;

/**
 * The {@code length-crc32} framing: every message travels as
 * <pre>
 * [u32 messageLength][u32 dataLength][data: dataLength bytes][u32 crc32]
 * </pre>
 * where {@code messageLength = dataLength + 8} (it counts dataLength, data and crc32, not itself) and
 * {@code crc32} is the CRC-32/IEEE ({@link CRC32}) of the data, or 0 when the sender does not compute
 * it. All three fields are unsigned and use one byte order.
 *
 * <h2>Settings</h2>
 * <ul>
 * <li>{@link Builder#byteOrder byteOrder}: the order this codec <em>writes</em>, little-endian by
 * default.
 * <li>{@link Builder#readByteOrder readByteOrder}: {@link ReadByteOrder#DETECT DETECT} (the default)
 * takes each stream's order from its first frame, since {@code messageLength = dataLength + 8} holds
 * in only one order for a frame under the maximum, and keeps it for that stream;
 * {@link ReadByteOrder#PINNED PINNED} reads the write order only. A frame in the other order is
 * rejected with an error that names it.
 * <li>{@link Builder#crcCheck crcCheck}: {@link CrcCheck#LENIENT LENIENT} (the default) treats a
 * CRC field of 0 as "not computed" and checks any other value; {@link CrcCheck#STRICT STRICT} checks
 * every frame, so 0 is rejected unless it is the data's CRC; {@link CrcCheck#OFF OFF} ignores the field.
 * <li>{@link Builder#crc crc}: whether to compute the CRC when sending (else 0 is sent); true by default.
 * <li>{@link Builder#maxMessageSize maxMessageSize}: the largest data length sent or accepted.
 * </ul>
 *
 * <h2>Receiving, and finding the next frame after a bad one</h2>
 * A new decoder presumes that the stream starts on a frame boundary and reads frames one after
 * another, trusting each header whose lengths are consistent and within the maximum: so a frame
 * whose data happens to hold bytes that look like a frame decodes as what it is. Any rejected frame
 * (inconsistent lengths, over the maximum, the wrong byte order, a CRC mismatch) is reported once,
 * and the decoder then <em>resynchronises</em>: it looks for the next frame in the bytes from the one
 * after the rejected frame's first byte on, by itself, without waiting for the writer to disconnect.
 * {@link FrameDecoder#resynchronize()} does the same for a stream that may start mid-frame.
 *
 * <p>While resynchronising, every position holding a header with consistent lengths within the
 * maximum (in the stream's order once it is known, else in either) starts a <em>candidate</em>. Up to
 * {@value LengthCrc32Scanner#MAX_CANDIDATES} overlapping candidates are followed at once, each checked
 * against its own CRC when it completes; the first to complete and verify is delivered, candidates
 * overlapping it are dropped, and normal reading resumes after it. Bytes are held only from the
 * oldest live candidate on, never more than one maximal frame, and nothing is held for bytes without
 * a consistent header. Each byte is examined a bounded number of times, so the work is linear in the
 * input whatever it holds. What this guarantees:
 * <ul>
 * <li>With CRCs, a frame that bad bytes did not touch is delivered, unless the bad bytes themselves
 * contain something that verifies as a frame overlapping it (random bytes do so with a probability
 * of about 2<sup>-32</sup> per consistent header), or more than
 * {@value LengthCrc32Scanner#MAX_CANDIDATES} consistent headers that do not verify are open at once
 * (further ones are skipped): both take crafted input.
 * <li>Frames without a CRC (field 0 under {@link CrcCheck#LENIENT}, any frame under
 * {@link CrcCheck#OFF}) resynchronise on header consistency alone, a weaker guarantee: bad bytes that
 * happen to hold a consistent header are delivered as a message, and may take the good frames that
 * follow with them.
 * <li>While resynchronising, a frame whose data holds a complete frame of its own is taken for that
 * inner frame (it completes first); once in step again, frames are read whole as above.
 * <li>Errors are bounded: one per rejected frame, and one per stretch of skipped bytes
 * ({@link FrameException.Reason#SKIPPED}, with the count), reported when the next frame is found, at
 * the end of the stream, or every {@value LengthCrc32Scanner#SKIP_REPORT_INTERVAL} bytes.
 * </ul>
 *
 * <p>In step, the decoder copies a frame's data once, straight into the array it delivers: that
 * array is allocated at the declared length as soon as a sound header arrives, so one writer can make
 * the reader hold up to {@link #maxMessageSize()} bytes; choose the maximum with that in mind. A
 * declared length over the maximum is rejected before anything of that size is allocated.
 *
 * <p>Immutable and thread-safe; each {@link #newDecoder decoder} belongs to one stream.
 */
public final class LengthCrc32Codec implements FrameCodec {

	/** The default maximum message size: 16 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

	/** The largest configurable maximum message size, so that a whole frame fits in one Java array. */
	public static final int MAX_SUPPORTED_MESSAGE_SIZE = Integer.MAX_VALUE - 64;

	/** Bytes a frame adds around its data: messageLength, dataLength and crc32. */
	public static final int FRAME_OVERHEAD = 12;

	/** One CRC-32 state per encoding thread: encoding allocates nothing per message. */
	private static final ThreadLocal<CRC32> ENCODING_CRC = ThreadLocal.withInitial(CRC32::new);

	private final ByteOrder byteOrder;

	private final ReadByteOrder readByteOrder;

	private final CrcCheck crcCheck;

	private final boolean crc;

	private final int maxMessageSize;

	/**
	 * The defaults: writes little-endian with a CRC, reads either order (detected per stream) with
	 * {@link CrcCheck#LENIENT lenient} CRC checking, at most {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes
	 * per message.
	 */
	public LengthCrc32Codec() {
		this(builder());
	}

	/**
	 * A codec that writes in {@code byteOrder} and detects the order of what it reads.
	 * @param byteOrder the byte order written
	 * @param crc true to compute the CRC when sending and check it when receiving
	 *        ({@link CrcCheck#LENIENT lenient}: 0 means not computed); false to send 0 and ignore the
	 *        field when receiving ({@link CrcCheck#OFF})
	 * @param maxMessageSize the largest data length sent or accepted, in bytes
	 * @see #builder()
	 */
	public LengthCrc32Codec(ByteOrder byteOrder, boolean crc, int maxMessageSize) {
		this(builder().byteOrder(byteOrder)
			.crc(crc)
			.crcCheck(crc ? CrcCheck.LENIENT : CrcCheck.OFF)
			.maxMessageSize(maxMessageSize));
	}

	private LengthCrc32Codec(Builder builder) {
		this.byteOrder = builder.byteOrder;
		this.readByteOrder = builder.readByteOrder;
		this.crcCheck = builder.crcCheck;
		this.crc = builder.crc;
		this.maxMessageSize = builder.maxMessageSize;
	}

	/** A builder starting from the defaults of {@link #LengthCrc32Codec()}. */
	public static Builder builder() {
		return new Builder();
	}

	/** A builder starting from this codec's settings. */
	public Builder toBuilder() {
		return new Builder().byteOrder(this.byteOrder)
			.readByteOrder(this.readByteOrder)
			.crcCheck(this.crcCheck)
			.crc(this.crc)
			.maxMessageSize(this.maxMessageSize);
	}

	@Override
	public Framing framing() {
		return Framing.LENGTH_CRC32;
	}

	/** The byte order of the length and CRC fields written; read too when {@link ReadByteOrder#PINNED pinned}. */
	public ByteOrder byteOrder() {
		return this.byteOrder;
	}

	/** How the byte order of what is read is decided. */
	public ReadByteOrder readByteOrder() {
		return this.readByteOrder;
	}

	/** How the crc32 field of what is read is checked. */
	public CrcCheck crcCheck() {
		return this.crcCheck;
	}

	/** Whether the CRC is computed when encoding (else 0 is written). */
	public boolean crcEnabled() {
		return this.crc;
	}

	/** The largest data length encoded or accepted, in bytes. */
	@Override
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/** {@code payloadLength + 12}. */
	@Override
	public int encodedLength(int payloadLength) throws FrameTooLargeException {
		if (payloadLength < 0) {
			throw new IllegalArgumentException("payloadLength must not be negative, was " + payloadLength);
		}
		if (payloadLength > this.maxMessageSize) {
			throw new FrameTooLargeException("", payloadLength, "message of " + payloadLength
					+ " bytes exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
		return payloadLength + FRAME_OVERHEAD;
	}

	@Override
	public void encode(byte[] payload, int offset, int length, ByteBuffer target) throws FrameTooLargeException {
		Objects.checkFromIndexSize(offset, length, payload.length);
		int frameLength = encodedLength(length);
		if (target.remaining() < frameLength) {
			throw new IllegalArgumentException(
					"Target has " + target.remaining() + " bytes remaining, the frame needs " + frameLength);
		}
		boolean swap = target.order() != this.byteOrder;
		putU32(target, length + 8, swap);
		putU32(target, length, swap);
		target.put(payload, offset, length);
		int checksum = 0;
		if (this.crc) {
			CRC32 crc32 = ENCODING_CRC.get();
			crc32.reset();
			crc32.update(payload, offset, length);
			checksum = (int) crc32.getValue();
		}
		putU32(target, checksum, swap);
	}

	private static void putU32(ByteBuffer target, int value, boolean swap) {
		target.putInt(swap ? Integer.reverseBytes(value) : value);
	}

	@Override
	public FrameDecoder newDecoder(String pipeName) {
		return new LengthCrc32Decoder(this, pipeName);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof LengthCrc32Codec that) && this.byteOrder.equals(that.byteOrder)
				&& this.readByteOrder == that.readByteOrder && this.crcCheck == that.crcCheck && this.crc == that.crc
				&& this.maxMessageSize == that.maxMessageSize;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.byteOrder, this.readByteOrder, this.crcCheck, this.crc, this.maxMessageSize);
	}

	@Override
	public String toString() {
		return "LengthCrc32Codec[byteOrder=" + this.byteOrder + ", readByteOrder=" + this.readByteOrder
				+ ", crcCheck=" + this.crcCheck + ", crc=" + this.crc + ", maxMessageSize=" + this.maxMessageSize + "]";
	}

	/** How a {@code length-crc32} decoder decides the byte order of what it reads. */
	public enum ReadByteOrder {

		/**
		 * Each stream's order is taken from its first valid frame and kept for that stream; a frame
		 * in the other order later is rejected and named as such.
		 */
		DETECT,

		/** Only the codec's {@link LengthCrc32Codec#byteOrder() write order} is read. */
		PINNED

	}

	/** How a {@code length-crc32} decoder checks the crc32 field of what it reads. */
	public enum CrcCheck {

		/** 0 means "not computed" and is accepted; any other value must match the data's CRC-32. */
		LENIENT,

		/** The field must match the data's CRC-32, so 0 is rejected unless it is the data's CRC. */
		STRICT,

		/** The field is not checked. */
		OFF

	}

	/** Builds a {@link LengthCrc32Codec}; starts from the defaults of {@link LengthCrc32Codec#LengthCrc32Codec()}. */
	public static final class Builder {

		private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;

		private ReadByteOrder readByteOrder = ReadByteOrder.DETECT;

		private CrcCheck crcCheck = CrcCheck.LENIENT;

		private boolean crc = true;

		private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

		private Builder() {
		}

		/** The byte order written (and read, when {@link ReadByteOrder#PINNED pinned}); little-endian by default. */
		public Builder byteOrder(ByteOrder byteOrder) {
			this.byteOrder = Objects.requireNonNull(byteOrder, "byteOrder must not be null");
			return this;
		}

		/** How the order of what is read is decided; {@link ReadByteOrder#DETECT} by default. */
		public Builder readByteOrder(ReadByteOrder readByteOrder) {
			this.readByteOrder = Objects.requireNonNull(readByteOrder, "readByteOrder must not be null");
			return this;
		}

		/** How the crc32 field of what is read is checked; {@link CrcCheck#LENIENT} by default. */
		public Builder crcCheck(CrcCheck crcCheck) {
			this.crcCheck = Objects.requireNonNull(crcCheck, "crcCheck must not be null");
			return this;
		}

		/** Whether to compute the CRC when sending (else 0 is sent); true by default. */
		public Builder crc(boolean crc) {
			this.crc = crc;
			return this;
		}

		/**
		 * The largest data length sent or accepted, in bytes; {@value #DEFAULT_MAX_MESSAGE_SIZE} by
		 * default.
		 * @throws IllegalArgumentException if outside 0 to {@value #MAX_SUPPORTED_MESSAGE_SIZE}
		 */
		public Builder maxMessageSize(int maxMessageSize) {
			if (maxMessageSize < 0 || maxMessageSize > MAX_SUPPORTED_MESSAGE_SIZE) {
				throw new IllegalArgumentException("maxMessageSize must be between 0 and " + MAX_SUPPORTED_MESSAGE_SIZE
						+ " bytes, was " + maxMessageSize);
			}
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/** A codec with these settings. */
		public LengthCrc32Codec build() {
			return new LengthCrc32Codec(this);
		}

	}

}
