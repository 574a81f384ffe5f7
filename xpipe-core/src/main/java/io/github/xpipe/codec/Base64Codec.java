package io.github.xpipe.codec;

import java.nio.ByteBuffer;
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
 * delimiter, since every delimiter ends a datagram: this framing resynchronises by itself. A
 * datagram that grows past the maximum is reported once and its bytes are skipped, not buffered, up
 * to the next delimiter. After a rejected datagram the decoder is <em>resynchronising</em> until the
 * next valid, non-empty datagram: what it skips until then (more bad datagrams, empty ones, which
 * prove nothing) is reported once, as one {@link FrameException.Reason#SKIPPED skipped} stretch with
 * its byte count, so a flood of garbage costs a handful of errors, not one per delimiter.
 * {@link FrameDecoder#resynchronize()} drops the bytes up to and including the next delimiter,
 * since nothing marks where a datagram starts. With no checksum, bytes that happen to be valid
 * Base64 between two delimiters are delivered as a message.
 *
 * <p>Immutable and thread-safe; each {@link #newDecoder decoder} belongs to one stream.
 */
public final class Base64Codec implements FrameCodec {

	/** The default maximum datagram size: 16 MiB of Base64 text, i.e. messages up to 12 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

	/** The largest configurable maximum datagram size, so that a whole frame fits in one Java array. */
	public static final int MAX_SUPPORTED_MESSAGE_SIZE = Integer.MAX_VALUE - 64;

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
		target.put(Base64Delimiters.DELIMITER);
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
		return new Base64Decoder(pipeName, this.maxMessageSize);
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

}
