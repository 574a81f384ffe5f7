package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decodes one {@code base64} stream (see {@link Base64Codec} for the behaviour).
 *
 * <p>A datagram wholly inside a heap source is decoded in place; otherwise its bytes gather in a
 * buffer that grows with the datagram, never past the maximum, and is released after a large
 * datagram. While a long datagram gathers, its text is decoded ahead, by whole
 * {@linkplain Base64Slices slices}, into a second such buffer; at the delimiter the rest is decoded
 * after a copy of that. A datagram that is not valid is decoded again whole, which says why.
 *
 * <p>After a rejected datagram the decoder is resynchronising: until a valid, non-empty datagram
 * arrives, whatever it drops is added to one stretch, reported once as a {@link SkippedBytesException}
 * (when the stretch ends, at the end of the stream, or every
 * {@value LengthCrc32Scanner#SKIP_REPORT_INTERVAL} bytes), not as one error per datagram.
 */
final class Base64Decoder implements FrameDecoder {

	private static final byte DELIMITER = 0;

	private static final byte[] EMPTY = {};

	/** Keep a gathering buffer up to this size between datagrams; a larger one only while large datagrams keep coming. */
	private static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

	private static final int MIN_BUFFER_SIZE = 256;

	private final String pipeName;

	private final int maxMessageSize;

	private byte[] pending = EMPTY;

	private int pendingLength;

	/** The payload of {@code pending[0, decodedText)}, decoded ahead. */
	private byte[] decoded = EMPTY;

	/** How much of the gathered text is decoded ahead: whole slices. */
	private int decodedText;

	/** Whether a slice that is not all alphabet stopped decoding ahead in this datagram. */
	private boolean aheadStopped;

	private @Nullable Base64Slices slices;

	/** Dropping bytes up to the next delimiter: the rest of a datagram too large, or after {@link #resynchronize()}. */
	private boolean skipping;

	/** Whether the bytes dropped while {@link #skipping} belong to the skipped stretch (else to a reported datagram). */
	private boolean skippingCounted;

	/** After a rejected datagram, until a valid non-empty one. */
	private boolean resynchronising;

	/** Bytes dropped while resynchronising and not reported yet. */
	private long stretchBytes;

	/** Datagrams (ended by a delimiter) among them. */
	private long stretchDatagrams;

	Base64Decoder(String pipeName, int maxMessageSize) {
		this.pipeName = pipeName;
		this.maxMessageSize = maxMessageSize;
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
				if (this.skippingCounted) {
					addToStretch(next - start, delimiter >= 0, sink);
				}
				continue;
			}
			long datagramLength = (long) this.pendingLength + (end - start);
			if (datagramLength > this.maxMessageSize) {
				this.skipping = delimiter < 0;
				clearPending(false);
				source.position(next);
				if (this.resynchronising) {
					this.skippingCounted = true;
					addToStretch(datagramLength + ((delimiter >= 0) ? 1 : 0), delimiter >= 0, sink);
				}
				else {
					this.skippingCounted = false;
					this.resynchronising = true;
					sink.onError(tooLarge(datagramLength, delimiter < 0));
				}
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
				reject(ex, datagramLength, sink);
				continue;
			}
			source.position(next);
			if (this.resynchronising && message.length == 0) {
				addToStretch(1, true, sink); // an empty datagram proves nothing while resynchronising
				continue;
			}
			if (this.resynchronising) {
				reportStretch(Base64Stretch.FRAME_FOUND, sink);
				this.resynchronising = false;
			}
			sink.onFrame(message);
		}
	}

	private void reject(InvalidBase64Exception ex, long datagramLength, FrameSink sink) {
		if (this.resynchronising) {
			addToStretch(datagramLength + 1, true, sink);
		}
		else {
			this.resynchronising = true;
			sink.onError(ex);
		}
	}

	private void addToStretch(long bytes, boolean datagramEnded, FrameSink sink) {
		this.stretchBytes += bytes;
		if (datagramEnded) {
			this.stretchDatagrams++;
		}
		if (this.stretchBytes >= LengthCrc32Scanner.SKIP_REPORT_INTERVAL) {
			reportStretch(Base64Stretch.ONGOING, sink);
		}
	}

	private void reportStretch(Base64Stretch how, FrameSink sink) {
		long bytes = this.stretchBytes;
		long datagrams = this.stretchDatagrams;
		this.stretchBytes = 0;
		this.stretchDatagrams = 0;
		if (bytes > 0) {
			sink.onError(new SkippedBytesException(this.pipeName, bytes, "skipped " + bytes + " bytes ("
					+ datagrams + ((datagrams == 1) ? " datagram" : " datagrams") + ") that are not valid base64 "
					+ "datagrams" + how.outcome));
		}
	}

	/** How a stretch of skipped bytes ended. */
	private enum Base64Stretch {

		FRAME_FOUND("; resynchronised on the datagram that follows them"),
		END_OF_STREAM(" up to the end of the stream"),
		ONGOING(" so far; still resynchronising");

		final String outcome;

		Base64Stretch(String outcome) {
			this.outcome = outcome;
		}

	}

	private FrameTooLargeException tooLarge(long datagramLength, boolean atLeast) {
		return new FrameTooLargeException(this.pipeName, datagramLength, "base64 datagram of "
				+ (atLeast ? "at least " : "") + datagramLength + " bytes exceeds the maximum datagram size of "
				+ this.maxMessageSize + " encoded bytes; skipped up to the next delimiter (raise "
				+ "xpipe.pipes.<name>.max-message-size if such messages are expected)");
	}

	/**
	 * Decodes the whole slices of gathered text that end before its last 4 characters (which may
	 * be the final unit, with padding) into {@link #decoded}, until a slice is not all alphabet.
	 */
	private void decodeAhead() {
		int count = (this.pendingLength - 4 - this.decodedText) / Base64Slices.SLICE;
		if (count <= 0 || this.aheadStopped) {
			return;
		}
		int offset = this.decodedText / 4 * 3;
		int needed = offset + count * (Base64Slices.SLICE / 4 * 3);
		if (needed > this.decoded.length) {
			int grown = (int) Math.min(2L * this.decoded.length, this.maxMessageSize / 4 * 3);
			this.decoded = Arrays.copyOf(this.decoded, Math.max(needed, grown));
		}
		Base64Slices slices = this.slices;
		if (slices == null) {
			slices = new Base64Slices();
			this.slices = slices;
		}
		int done = slices.decode(this.pending, this.decodedText, count, this.decoded, offset);
		this.decodedText += done;
		this.aheadStopped = done < count * Base64Slices.SLICE;
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
			int grown = (int) Math.min(Math.max(2L * this.pending.length, MIN_BUFFER_SIZE), this.maxMessageSize);
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

	/** Drops the partial datagram held and the bytes up to and including the next delimiter, reported once. */
	@Override
	public void resynchronize() {
		this.stretchBytes += this.pendingLength;
		clearPending(false);
		this.skipping = true;
		this.skippingCounted = true;
		this.resynchronising = true;
	}

	@Override
	public void endOfStream(FrameSink sink) {
		int held = this.pendingLength;
		clearPending(false);
		this.skipping = false;
		if (this.resynchronising) {
			this.stretchBytes += held;
			reportStretch(Base64Stretch.END_OF_STREAM, sink);
			this.resynchronising = false;
		}
		else if (held > 0) {
			sink.onError(new TruncatedFrameException(this.pipeName, held, "writer disconnected in the middle of "
					+ "a base64 datagram (" + held + " bytes without their 0x00 delimiter); partial datagram dropped"));
		}
	}

	@Override
	public int bufferedBytes() {
		return this.pendingLength;
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

}
