package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decodes one {@code base64} stream (see {@link Base64Codec} for the behaviour).
 *
 * <p>On Java 21 and later a datagram of up to 64 Ki characters wholly inside the source, heap or
 * direct, is decoded by the JDK's vector code ({@link Base64VectorDecoding}). Otherwise, or when that
 * rejects it, a short one is decoded where it lies, in one pass that also finds its delimiter
 * ({@link Base64ShortDatagrams}). A longer one wholly inside a heap source is decoded in place;
 * otherwise its bytes gather in a buffer that grows with the datagram, never past the maximum, and
 * is released after a large datagram. While a long datagram gathers,
 * its text is decoded ahead, by whole {@linkplain Base64Slices slices}, into a second such buffer;
 * at the delimiter the rest is decoded after a copy of that. A datagram that is not valid is decoded again whole, which says why.
 *
 * <p>After a rejected datagram the decoder is resynchronising: until a valid, non-empty datagram
 * arrives, whatever it drops is added to one stretch, reported once as a {@link SkippedBytesException}
 * (when the stretch ends, at the end of the stream, or every
 * {@value LengthCrc32Scanner#SKIP_REPORT_INTERVAL} bytes), not as one error per datagram.
 */
final class Base64Decoder implements FrameDecoder {

	private static final byte[] EMPTY = {};

	/** Keep a gathering buffer up to this size between datagrams; a larger one only while large datagrams keep coming. */
	private static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

	private static final int MIN_BUFFER_SIZE = 256;

	/** The longest datagram text decoded in one pass where it lies. */
	private static final int SHORT_TEXT = 1024;

	private static final int SHORT_TARGET_SIZE = Base64ShortDatagrams.targetSize(SHORT_TEXT);

	private final String pipeName;

	private final int maxMessageSize;

	/** The longest datagram text decoded by the short paths: {@value #SHORT_TEXT}, or less when the maximum is. */
	private final int shortText;

	/** Where a short datagram's text past its first characters is copied from a direct source. */
	private final byte[] stage = new byte[SHORT_TEXT];

	/** Decodes datagrams through the JDK where it runs vector code; else {@code null}. */
	private final @Nullable Base64VectorDecoding vector;

	private byte[] pending = EMPTY;

	private int pendingLength;

	/** The payload of {@code pending[0, decodedText)}, decoded ahead. */
	private byte[] decoded = EMPTY;

	/** How much of the gathered text is decoded ahead: whole units. */
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
		this(pipeName, maxMessageSize, Base64VectorDecoding.AVAILABLE);
	}

	/** A decoder that decodes datagrams through the JDK, or not, whatever the Java version (for tests). */
	Base64Decoder(String pipeName, int maxMessageSize, boolean vectorDecoding) {
		this.pipeName = pipeName;
		this.maxMessageSize = maxMessageSize;
		this.shortText = Math.min(SHORT_TEXT, maxMessageSize);
		this.vector = vectorDecoding ? new Base64VectorDecoding(maxMessageSize) : null;
	}

	@Override
	public void decode(ByteBuffer source, FrameSink sink) {
		while (source.hasRemaining()) {
			int limit = source.limit();
			if (!this.skipping && this.pendingLength == 0) {
				byte[] message = (this.vector != null) ? this.vector.decode(source, source.position(), limit) : null;
				message = (message != null) ? message : decodeShort(source, source.position(), limit);
				if (message != null) {
					deliver(message, sink);
					continue;
				}
			}
			int start = source.position();
			int delimiter = Base64Delimiters.indexOf(source, start, limit);
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
			deliver(message, sink);
		}
	}

	/**
	 * Decodes the datagram at the source's position in one pass, where it lies, if it is valid, of at
	 * most {@link #shortText} characters and its delimiter is in the source: returns it, the source
	 * positioned after the delimiter. Otherwise returns {@code null}; from a source without an array
	 * it has then moved the whole units it decoded (all of the alphabet) to the gathering buffer,
	 * decoded ahead, for the general path to go on after them (a heap source is left as it was, for
	 * that path to decode the datagram in place).
	 */
	private byte @Nullable [] decodeShort(ByteBuffer source, int start, int limit) {
		byte[] target = this.decoded;
		if (target.length < SHORT_TARGET_SIZE) {
			target = new byte[SHORT_TARGET_SIZE];
			this.decoded = target;
		}
		int stop = start + Math.min(this.shortText, limit - start);
		int at = Base64ShortDatagrams.decodeSteps(source, start, stop, target, this.stage);
		int delimiter = Base64Delimiters.afterWholeUnits(source, at, limit);
		if (delimiter >= 0 && delimiter - start <= this.maxMessageSize) {
			int length = Base64ShortDatagrams.decodeLastUnits(source, at, delimiter, target, (at - start) / 8 * 6);
			if (length >= 0) {
				source.position(delimiter + 1);
				return (length == 0) ? EMPTY : Arrays.copyOf(target, length);
			}
		}
		if (at > start && !source.hasArray()) {
			append(source, at - start);
			// as decoding ahead does, leave the last unit gathered so far, which may be the final one
			this.decodedText = at - start - 4;
		}
		return null;
	}

	private void deliver(byte[] message, FrameSink sink) {
		if (this.resynchronising && message.length == 0) {
			addToStretch(1, true, sink); // an empty datagram proves nothing while resynchronising
			return;
		}
		if (this.resynchronising) {
			reportStretch(Base64Stretch.FRAME_FOUND, sink);
			this.resynchronising = false;
		}
		sink.onFrame(message);
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

}
