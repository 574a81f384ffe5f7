package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The {@code base64} framing: every message travels as its standard Base64 encoding (RFC 4648,
 * {@code A-Z a-z 0-9 + /} alphabet, {@code =} padding, no line breaks) followed by one {@code 0x00}
 * delimiter byte. An empty message is a lone {@code 0x00}.
 *
 * <p><strong>The maximum size counts encoded bytes.</strong> As in the Python peers, the limit
 * applies to the Base64 datagram on the wire (without its delimiter), not to the decoded message:
 * with the default of 16 MiB a message can hold up to 12 MiB. {@link #encodedLength(int)} rejects a
 * payload whose encoding, {@code 4 * ceil(n / 3)} bytes, exceeds it.
 *
 * <p>Receiving, a datagram that is not valid padded Base64 (length not a multiple of 4, a character
 * outside the alphabet, misplaced padding) is dropped and reported; decoding goes on after its
 * delimiter. A datagram that grows past the maximum is reported once and its bytes are skipped, not
 * buffered, up to the next delimiter. Unlike {@link LengthCrc32Codec}, this framing always
 * resynchronises on the next delimiter.
 *
 * <p>Immutable and thread-safe; each {@link #newDecoder decoder} belongs to one stream.
 */
public final class Base64Codec implements FrameCodec {

	/** The default maximum datagram size: 16 MiB of Base64 text, i.e. messages up to 12 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

	/** The largest configurable maximum datagram size, so that a whole frame fits in one Java array. */
	public static final int MAX_SUPPORTED_MESSAGE_SIZE = Integer.MAX_VALUE - 64;

	private static final byte DELIMITER = 0;

	private static final byte[] EMPTY = {};

	private static final Base64.Encoder ENCODER = Base64.getEncoder();

	/**
	 * Whole payloads shorter than {@link Base64Encoding#CHUNK} go through a per-thread scratch array
	 * (grown as needed up to this, kept) into a target without an accessible array, such as a direct
	 * buffer; longer ones are encoded in chunks. No allocation per message either way.
	 */
	private static final int RETAINED_SCRATCH_SIZE = Base64Encoding.CHUNK / 3 * 4;

	private static final ThreadLocal<byte[]> ENCODING_SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);

	private final int maxMessageSize;

	/** A codec accepting datagrams of up to {@value #DEFAULT_MAX_MESSAGE_SIZE} encoded bytes. */
	public Base64Codec() {
		this(DEFAULT_MAX_MESSAGE_SIZE);
	}

	/**
	 * A codec with the given maximum.
	 * @param maxMessageSize the largest Base64 datagram sent or accepted, in encoded bytes without the
	 *        delimiter
	 */
	public Base64Codec(int maxMessageSize) {
		if (maxMessageSize < 0 || maxMessageSize > MAX_SUPPORTED_MESSAGE_SIZE) {
			throw new IllegalArgumentException("maxMessageSize must be between 0 and " + MAX_SUPPORTED_MESSAGE_SIZE
					+ " bytes, was " + maxMessageSize);
		}
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public Framing framing() {
		return Framing.BASE64;
	}

	/**
	 * The largest Base64 datagram encoded or accepted, in <em>encoded</em> bytes without the
	 * delimiter; the largest message is therefore {@code 3 * (maxMessageSize / 4)} bytes.
	 */
	@Override
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * {@code 4 * ceil(payloadLength / 3) + 1}: the Base64 text and its delimiter.
	 * @throws FrameTooLargeException if the Base64 text would exceed {@link #maxMessageSize()}
	 */
	@Override
	public int encodedLength(int payloadLength) throws FrameTooLargeException {
		if (payloadLength < 0) {
			throw new IllegalArgumentException("payloadLength must not be negative, was " + payloadLength);
		}
		long datagramLength = 4L * ((payloadLength + 2L) / 3);
		if (datagramLength > this.maxMessageSize) {
			throw new FrameTooLargeException("", datagramLength, "message of " + payloadLength + " bytes encodes to "
					+ datagramLength + " bytes of Base64, over the maximum datagram size of " + this.maxMessageSize
					+ " bytes");
		}
		return (int) datagramLength + 1;
	}

	@Override
	public void encode(byte[] payload, int offset, int length, ByteBuffer target) throws FrameTooLargeException {
		Objects.checkFromIndexSize(offset, length, payload.length);
		int frameLength = encodedLength(length);
		if (target.remaining() < frameLength) {
			throw new IllegalArgumentException(
					"Target has " + target.remaining() + " bytes remaining, the frame needs " + frameLength);
		}
		// The JDK encodes whole arrays, into arrays from index 0: use that where the frame allows it.
		boolean wholePayload = offset == 0 && length == payload.length;
		if (wholePayload && target.hasArray() && target.arrayOffset() + target.position() == 0) {
			ENCODER.encode(payload, target.array());
			target.position(frameLength - 1);
		}
		else if (length >= Base64Encoding.CHUNK) {
			Base64Encoding.encodeChunked(payload, offset, length, target);
		}
		else if (wholePayload) {
			byte[] scratch = encodingScratch(frameLength - 1);
			int encoded = ENCODER.encode(payload, scratch);
			target.put(scratch, 0, encoded);
		}
		else {
			target.put(ENCODER.encode(ByteBuffer.wrap(payload, offset, length)));
		}
		target.put(DELIMITER);
	}

	private static byte[] encodingScratch(int size) {
		byte[] scratch = ENCODING_SCRATCH.get();
		if (scratch.length < size) {
			scratch = new byte[Math.min(Integer.highestOneBit(size - 1) << 1, RETAINED_SCRATCH_SIZE)];
			ENCODING_SCRATCH.set(scratch);
		}
		return scratch;
	}

	/** Encodes straight into the returned frame, whose last byte is the delimiter. */
	@Override
	public byte[] encode(byte[] payload) throws FrameTooLargeException {
		byte[] frame = new byte[encodedLength(payload.length)];
		ENCODER.encode(payload, frame);
		return frame;
	}

	@Override
	public FrameDecoder newDecoder(String pipeName) {
		return new Decoder(pipeName);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof Base64Codec that) && this.maxMessageSize == that.maxMessageSize;
	}

	@Override
	public int hashCode() {
		return Integer.hashCode(this.maxMessageSize);
	}

	@Override
	public String toString() {
		return "Base64Codec[maxMessageSize=" + this.maxMessageSize + "]";
	}

	/**
	 * The index of the first 0x00 in {@code source[from, to)}, or -1. First skips 32 bytes per step
	 * while none of them is zero, then tests eight bytes per step: in each byte of {@code zeros} the
	 * high bit is set exactly when that byte of {@code word} is zero (no carry crosses a byte, so
	 * there are no false positives).
	 */
	static int indexOfDelimiter(ByteBuffer source, int from, int to) {
		boolean bigEndian = source.order() == ByteOrder.BIG_ENDIAN;
		int i = from;
		for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
			if ((hasZeroByte(source.getLong(i)) | hasZeroByte(source.getLong(i + Long.BYTES))
					| hasZeroByte(source.getLong(i + 2 * Long.BYTES)) | hasZeroByte(source.getLong(i + 3 * Long.BYTES))) != 0) {
				break;
			}
		}
		for (; i <= to - Long.BYTES; i += Long.BYTES) {
			long word = source.getLong(i);
			long zeros = ~(((word & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | word | 0x7F7F7F7F7F7F7F7FL);
			if (zeros != 0) {
				int bit = bigEndian ? Long.numberOfLeadingZeros(zeros) : Long.numberOfTrailingZeros(zeros);
				return i + (bit >>> 3);
			}
		}
		for (; i < to; i++) {
			if (source.get(i) == DELIMITER) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Non-zero exactly when a byte of {@code word} is zero (a borrow can only mark bytes above a zero
	 * byte, so it tells whether there is one, not where).
	 */
	private static long hasZeroByte(long word) {
		return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
	}

	/**
	 * Decodes one stream. A datagram wholly inside a heap source is decoded in place; otherwise its
	 * bytes gather in a buffer that grows with the datagram, never past the maximum, and is released
	 * after a large datagram. While a long datagram gathers, its text is decoded ahead, by whole
	 * {@linkplain Base64Slices slices}, into a second such buffer; at the delimiter the rest is
	 * decoded after a copy of that. A datagram that is not valid is decoded again whole, which says
	 * why.
	 */
	private final class Decoder implements FrameDecoder {

		/** Keep a gathering buffer up to this size between datagrams; a larger one only while large datagrams keep coming. */
		private static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

		private static final int MIN_BUFFER_SIZE = 256;

		private final String pipeName;

		private byte[] pending = EMPTY;

		private int pendingLength;

		/** The payload of {@code pending[0, decodedText)}, decoded ahead. */
		private byte[] decoded = EMPTY;

		/** How much of the gathered text is decoded ahead: whole slices. */
		private int decodedText;

		/** Whether a slice that is not all alphabet stopped decoding ahead in this datagram. */
		private boolean aheadStopped;

		private @Nullable Base64Slices slices;

		/** Inside a datagram already reported as too large: drop bytes up to the next delimiter. */
		private boolean skipping;

		Decoder(String pipeName) {
			this.pipeName = pipeName;
		}

		@Override
		public void decode(ByteBuffer source, FrameSink sink) {
			while (source.hasRemaining()) {
				int start = source.position();
				int limit = source.limit();
				int delimiter = indexOfDelimiter(source, start, limit);
				int end = (delimiter >= 0) ? delimiter : limit;
				int next = (delimiter >= 0) ? delimiter + 1 : limit;
				if (this.skipping) {
					this.skipping = delimiter < 0;
					source.position(next);
					continue;
				}
				long datagramLength = (long) this.pendingLength + (end - start);
				if (datagramLength > Base64Codec.this.maxMessageSize) {
					this.skipping = delimiter < 0;
					clearPending(false);
					source.position(next);
					sink.onError(tooLarge(datagramLength, delimiter < 0));
					continue;
				}
				if (delimiter < 0) {
					append(source, end - start);
					decodeAhead();
					return;
				}
				byte[] message;
				try {
					message = (this.pendingLength == 0 && source.hasArray()) ? decodeInPlace(source, delimiter)
							: decodeGathered(source, end - start);
				}
				catch (InvalidBase64Exception ex) {
					source.position(next);
					sink.onError(ex);
					continue;
				}
				source.position(next);
				sink.onFrame(message);
			}
		}

		private FrameTooLargeException tooLarge(long datagramLength, boolean atLeast) {
			return new FrameTooLargeException(this.pipeName, datagramLength, "base64 datagram of "
					+ (atLeast ? "at least " : "") + datagramLength + " bytes exceeds the maximum datagram size of "
					+ Base64Codec.this.maxMessageSize + " encoded bytes; skipped up to the next delimiter (raise the "
					+ "maximum if such messages are expected)");
		}

		/**
		 * Decodes the whole slices of gathered text that end before its last 4 characters (which may
		 * be the final unit, with padding) into {@link #decoded}, until a slice is not all alphabet.
		 */
		private void decodeAhead() {
			int slices = (this.pendingLength - 4 - this.decodedText) / Base64Slices.SLICE;
			if (slices <= 0 || this.aheadStopped) {
				return;
			}
			int offset = this.decodedText / 4 * 3;
			int needed = offset + slices * (Base64Slices.SLICE / 4 * 3);
			if (needed > this.decoded.length) {
				int grown = (int) Math.min(2L * this.decoded.length, Base64Codec.this.maxMessageSize / 4 * 3);
				this.decoded = Arrays.copyOf(this.decoded, Math.max(needed, grown));
			}
			if (this.slices == null) {
				this.slices = new Base64Slices();
			}
			int done = this.slices.decode(this.pending, this.decodedText, slices, this.decoded, offset);
			this.decodedText += done;
			this.aheadStopped = done < slices * Base64Slices.SLICE;
		}

		/**
		 * Decodes the gathered datagram {@code pending[0, pendingLength)}: what was decoded ahead, then
		 * the rest; a datagram that is not valid is decoded again whole, which says why.
		 */
		private byte[] finishDatagram() throws InvalidBase64Exception {
			try {
				int length = this.pendingLength;
				if (length % 4 != 0) {
					return decodeDatagram(this.pending, 0, length);
				}
				decodeAhead();
				if (this.decodedText == 0) {
					return decodeDatagram(this.pending, 0, length);
				}
				int ahead = this.decodedText / 4 * 3;
				// One allocation, which the JVM fills by copying rather than zeroing first; decoding
				// the rest overwrites whatever follows what was decoded ahead.
				byte[] message = Arrays.copyOf(this.decoded, Base64Decoding.decodedLength(this.pending, 0, length));
				try {
					Base64Decoding.decode(this.pending, this.decodedText, length, message, ahead);
				}
				catch (IllegalArgumentException ex) {
					return decodeDatagram(this.pending, 0, length);
				}
				return message;
			}
			finally {
				clearPending(true);
			}
		}

		/** Decodes {@code source[position, delimiter)} where it lies, in the source's array. */
		private byte[] decodeInPlace(ByteBuffer source, int delimiter) throws InvalidBase64Exception {
			int base = source.arrayOffset();
			return decodeDatagram(source.array(), base + source.position(), base + delimiter);
		}

		/** Appends the datagram's last {@code length} bytes to those gathered, then decodes them all. */
		private byte[] decodeGathered(ByteBuffer source, int length) throws InvalidBase64Exception {
			append(source, length);
			return finishDatagram();
		}

		/** Decodes the datagram {@code text[from, to)} into an array of exactly its payload's size. */
		private byte[] decodeDatagram(byte[] text, int from, int to) throws InvalidBase64Exception {
			int length = to - from;
			if (length == 0) {
				return EMPTY;
			}
			if (length % 4 != 0) {
				throw invalid(length, "its length is not a multiple of 4", null);
			}
			byte[] message = new byte[Base64Decoding.decodedLength(text, from, to)];
			try {
				Base64Decoding.decode(text, from, to, message);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(length, ex.getMessage(), ex);
			}
			return message;
		}

		private InvalidBase64Exception invalid(int length, @Nullable String why, @Nullable Throwable cause) {
			InvalidBase64Exception ex = new InvalidBase64Exception(this.pipeName, length + 1L, "base64 datagram of "
					+ length + " bytes is not valid padded Base64 (" + why + "); dropped, going on with the next");
			if (cause != null) {
				ex.initCause(cause);
			}
			return ex;
		}

		/** Copies {@code length} bytes of the source into the gathering buffer, growing it as needed. */
		private void append(ByteBuffer source, int length) {
			int needed = this.pendingLength + length;
			if (needed > this.pending.length) {
				int grown = (int) Math.min(Math.max(2L * this.pending.length, MIN_BUFFER_SIZE),
						Base64Codec.this.maxMessageSize);
				this.pending = Arrays.copyOf(this.pending, Math.max(needed, grown));
			}
			source.get(this.pending, this.pendingLength, length);
			this.pendingLength = needed;
		}

		/**
		 * Empties the gathering buffer. One over {@link #RETAINED_BUFFER_LIMIT} is kept only after a
		 * datagram that needed that much ({@code mayRetain}): while large datagrams keep arriving it is
		 * reused rather than grown again for each, and the first small one releases it.
		 */
		private void clearPending(boolean mayRetain) {
			int used = this.pendingLength;
			this.pendingLength = 0;
			this.decodedText = 0;
			this.aheadStopped = false;
			if (this.pending.length > RETAINED_BUFFER_LIMIT && !(mayRetain && used > RETAINED_BUFFER_LIMIT)) {
				this.pending = EMPTY;
				this.decoded = EMPTY;
			}
		}

		@Override
		public void endOfStream(FrameSink sink) {
			int held = this.pendingLength;
			clearPending(false);
			this.skipping = false;
			if (held > 0) {
				sink.onError(new TruncatedFrameException(this.pipeName, held, "writer disconnected in the middle of "
						+ "a base64 datagram (" + held + " bytes without their 0x00 delimiter); partial datagram dropped"));
			}
		}

		@Override
		public void resynchronize() {
			clearPending(false);
			this.skipping = true;
		}

		@Override
		public int bufferedBytes() {
			return this.pendingLength;
		}

	}

}
