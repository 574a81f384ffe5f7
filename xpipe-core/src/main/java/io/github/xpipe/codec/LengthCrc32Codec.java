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
 * it. All three fields are unsigned and use one byte order, little-endian by default.
 *
 * <p>Receiving, a CRC mismatch drops that frame only: the next frame is found from the lengths.
 * A header whose lengths cannot be trusted (a {@code dataLength} over {@link #maxMessageSize()}, or a
 * {@code messageLength} that is not {@code dataLength + 8}) leaves no way to find the next frame
 * boundary, so the decoder reports it once and then discards everything that writer sends until it
 * disconnects ({@link FrameDecoder#endOfStream}); the next writer starts clean. A declared length
 * over the maximum is rejected before anything of that size is allocated.
 *
 * <p>The decoder copies a frame's data once, straight into the array it delivers: that array is
 * allocated at the declared length as soon as a sound header arrives, so one connected writer can
 * make the reader hold up to {@link #maxMessageSize()} bytes; choose the maximum with that in mind.
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

	private static final int HEADER_LENGTH = 8;

	private static final int TRAILER_LENGTH = 4;

	private final ByteOrder byteOrder;

	private final boolean crcEnabled;

	private final int maxMessageSize;

	/** Little-endian, CRC computed and verified, at most {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes per message. */
	public LengthCrc32Codec() {
		this(ByteOrder.LITTLE_ENDIAN, true, DEFAULT_MAX_MESSAGE_SIZE);
	}

	/**
	 * A codec with the given settings.
	 * @param byteOrder the byte order of the three u32 fields
	 * @param crc whether to compute the CRC when sending (else 0 is sent) and verify it when receiving
	 *        (else the field is ignored)
	 * @param maxMessageSize the largest data length sent or accepted, in bytes
	 */
	public LengthCrc32Codec(ByteOrder byteOrder, boolean crc, int maxMessageSize) {
		Objects.requireNonNull(byteOrder, "byteOrder must not be null");
		if (maxMessageSize < 0 || maxMessageSize > MAX_SUPPORTED_MESSAGE_SIZE) {
			throw new IllegalArgumentException("maxMessageSize must be between 0 and " + MAX_SUPPORTED_MESSAGE_SIZE
					+ " bytes, was " + maxMessageSize);
		}
		this.byteOrder = byteOrder;
		this.crcEnabled = crc;
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public Framing framing() {
		return Framing.LENGTH_CRC32;
	}

	/** The byte order of the length and CRC fields. */
	public ByteOrder byteOrder() {
		return this.byteOrder;
	}

	/** Whether the CRC is computed when encoding and verified when decoding. */
	public boolean crcEnabled() {
		return this.crcEnabled;
	}

	/** The largest data length encoded or accepted, in bytes. */
	@Override
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/** {@code payloadLength + 12}. */
	@Override
	public int encodedLength(int payloadLength) throws FrameTooLargeException {
		checkLength(payloadLength);
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
		putU32(target, length + HEADER_LENGTH, swap);
		putU32(target, length, swap);
		target.put(payload, offset, length);
		int crc = 0;
		if (this.crcEnabled) {
			CRC32 crc32 = ENCODING_CRC.get();
			crc32.reset();
			crc32.update(payload, offset, length);
			crc = (int) crc32.getValue();
		}
		putU32(target, crc, swap);
	}

	@Override
	public FrameDecoder newDecoder(String pipeName) {
		return new Decoder(pipeName);
	}

	private void checkLength(int payloadLength) throws FrameTooLargeException {
		if (payloadLength < 0) {
			throw new IllegalArgumentException("payloadLength must not be negative, was " + payloadLength);
		}
		if (payloadLength > this.maxMessageSize) {
			throw new FrameTooLargeException("", payloadLength, "message of " + payloadLength
					+ " bytes exceeds the maximum message size of " + this.maxMessageSize + " bytes");
		}
	}

	private String byteOrderName() {
		return (this.byteOrder == ByteOrder.LITTLE_ENDIAN) ? "little-endian" : "big-endian";
	}

	private static int getU32(ByteBuffer source, boolean swap) {
		int value = source.getInt();
		return swap ? Integer.reverseBytes(value) : value;
	}

	private static void putU32(ByteBuffer target, int value, boolean swap) {
		target.putInt(swap ? Integer.reverseBytes(value) : value);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof LengthCrc32Codec that) && this.byteOrder.equals(that.byteOrder)
				&& this.crcEnabled == that.crcEnabled && this.maxMessageSize == that.maxMessageSize;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.byteOrder, this.crcEnabled, this.maxMessageSize);
	}

	@Override
	public String toString() {
		return "LengthCrc32Codec[byteOrder=" + this.byteOrder + ", crc=" + this.crcEnabled + ", maxMessageSize="
				+ this.maxMessageSize + "]";
	}

	/**
	 * Decodes one stream in three phases per frame: the 8-byte header, the data, the 4-byte CRC.
	 * Whatever part of a frame the source holds is read in place (the data is copied once, straight
	 * into the payload array handed to the sink); only a header or CRC split across reads goes through
	 * a small fixed buffer.
	 */
	private final class Decoder implements FrameDecoder {

		private final String pipeName;

		private final byte[] header = new byte[HEADER_LENGTH];

		private final ByteBuffer headerView = ByteBuffer.wrap(this.header).order(LengthCrc32Codec.this.byteOrder);

		private final byte[] trailer = new byte[TRAILER_LENGTH];

		private final ByteBuffer trailerView = ByteBuffer.wrap(this.trailer).order(LengthCrc32Codec.this.byteOrder);

		private final CRC32 crc32 = new CRC32();

		private int headerFill;

		/** The data of the frame being read, allocated once its header is known to be sound. */
		private byte @Nullable [] payload;

		private int payloadFill;

		private int trailerFill;

		/** After an untrusted header: everything is dropped until the end of the stream. */
		private boolean discarding;

		Decoder(String pipeName) {
			this.pipeName = pipeName;
		}

		@Override
		public void decode(ByteBuffer source, FrameSink sink) {
			if (this.discarding) {
				source.position(source.limit());
				return;
			}
			boolean swap = source.order() != LengthCrc32Codec.this.byteOrder;
			while (source.hasRemaining()) {
				byte[] data = this.payload;
				if (data == null) {
					data = readHeader(source, swap, sink);
					if (data == null) {
						return;
					}
				}
				int wanted = data.length - this.payloadFill;
				if (wanted > 0) {
					int n = Math.min(wanted, source.remaining());
					source.get(data, this.payloadFill, n);
					if (LengthCrc32Codec.this.crcEnabled) {
						// While these bytes are still in the cache the copy just brought them to.
						this.crc32.update(data, this.payloadFill, n);
					}
					this.payloadFill += n;
					if (n < wanted) {
						return;
					}
				}
				int receivedCrc;
				if (this.trailerFill == 0 && source.remaining() >= TRAILER_LENGTH) {
					receivedCrc = getU32(source, swap);
				}
				else {
					int n = Math.min(TRAILER_LENGTH - this.trailerFill, source.remaining());
					source.get(this.trailer, this.trailerFill, n);
					this.trailerFill += n;
					if (this.trailerFill < TRAILER_LENGTH) {
						return;
					}
					receivedCrc = this.trailerView.getInt(0);
				}
				completeFrame(data, receivedCrc, sink);
			}
		}

		/**
		 * Reads (or completes) the header and validates it. Returns the payload array to fill, or
		 * {@code null} when the header is still incomplete or was rejected (the source is then consumed).
		 */
		private byte @Nullable [] readHeader(ByteBuffer source, boolean swap, FrameSink sink) {
			long messageLength;
			long dataLength;
			if (this.headerFill == 0 && source.remaining() >= HEADER_LENGTH) {
				messageLength = Integer.toUnsignedLong(getU32(source, swap));
				dataLength = Integer.toUnsignedLong(getU32(source, swap));
				this.headerFill = HEADER_LENGTH;
			}
			else {
				int n = Math.min(HEADER_LENGTH - this.headerFill, source.remaining());
				source.get(this.header, this.headerFill, n);
				this.headerFill += n;
				if (this.headerFill < HEADER_LENGTH) {
					return null;
				}
				messageLength = Integer.toUnsignedLong(this.headerView.getInt(0));
				dataLength = Integer.toUnsignedLong(this.headerView.getInt(4));
			}
			if (dataLength > LengthCrc32Codec.this.maxMessageSize) {
				rejectStream(source, sink, new FrameTooLargeException(this.pipeName, dataLength + FRAME_OVERHEAD,
						"length-crc32 frame declares " + dataLength + " data bytes, over the maximum message size of "
								+ LengthCrc32Codec.this.maxMessageSize + " bytes; discarding input until the writer "
								+ "disconnects (if such messages are expected, raise the maximum; otherwise check that "
								+ "both ends use the same framing and byte order, " + byteOrderName() + " here)"));
				return null;
			}
			if (messageLength != dataLength + HEADER_LENGTH) {
				rejectStream(source, sink, new MalformedFrameException(this.pipeName, HEADER_LENGTH,
						"malformed length-crc32 frame header: messageLength " + messageLength + " is not dataLength "
								+ dataLength + " + 8; discarding input until the writer disconnects (check that both "
								+ "ends use the same framing and byte order, " + byteOrderName() + " here)"));
				return null;
			}
			byte[] data = new byte[(int) dataLength];
			this.payload = data;
			this.crc32.reset();
			return data;
		}

		private void completeFrame(byte[] data, int receivedCrc, FrameSink sink) {
			reset();
			if (LengthCrc32Codec.this.crcEnabled) {
				int computedCrc = (int) this.crc32.getValue();
				if (computedCrc != receivedCrc) {
					sink.onError(new CrcMismatchException(this.pipeName, (long) data.length + FRAME_OVERHEAD,
							"CRC-32 mismatch in a length-crc32 frame of " + data.length + " data bytes (computed 0x"
									+ Integer.toHexString(computedCrc) + ", frame says 0x"
									+ Integer.toHexString(receivedCrc) + "); frame dropped, going on with the next"));
					return;
				}
			}
			sink.onFrame(data);
		}

		private void rejectStream(ByteBuffer source, FrameSink sink, FrameException error) {
			reset();
			this.discarding = true;
			source.position(source.limit());
			sink.onError(error);
		}

		@Override
		public void endOfStream(FrameSink sink) {
			int held = bufferedBytes();
			byte[] data = this.payload;
			boolean wasDiscarding = this.discarding;
			reset();
			this.discarding = false;
			if (held > 0 && !wasDiscarding) {
				String frameLength = (data != null) ? String.valueOf(data.length + FRAME_OVERHEAD) : "at least 12";
				sink.onError(new TruncatedFrameException(this.pipeName, held, "writer disconnected after " + held
						+ " of " + frameLength + " bytes of a length-crc32 frame; partial frame dropped"));
			}
		}

		@Override
		public void resynchronize() {
			reset();
		}

		@Override
		public int bufferedBytes() {
			return this.headerFill + this.payloadFill + this.trailerFill;
		}

		@Override
		public long missingBytes() {
			byte[] data = this.payload;
			return (data != null) ? (long) data.length - this.payloadFill + TRAILER_LENGTH - this.trailerFill : 0;
		}

		private void reset() {
			this.headerFill = 0;
			this.payload = null;
			this.payloadFill = 0;
			this.trailerFill = 0;
		}

	}

}
