package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;

import org.jspecify.annotations.Nullable;

/**
 * Decodes one {@code length-crc32} stream (see {@link LengthCrc32Codec} for the behaviour).
 *
 * <p>In step, frames are read in three phases: the 8-byte header, the data, the 4-byte CRC. Whatever
 * part of a frame the source holds is read in place (the data is copied once, straight into the
 * payload array handed to the sink); only a header or CRC split across reads goes through a small
 * fixed buffer. A rejected frame hands its bytes, from the one after its first on, to a
 * {@link LengthCrc32Scanner}, which then reads the stream until it is back in step. Each byte is read
 * in step at most once and scanned at most once: the scanner never gives back bytes it has seen.
 */
final class LengthCrc32Decoder implements FrameDecoder {

	private static final int HEADER_LENGTH = 8;

	private static final int TRAILER_LENGTH = 4;

	/** The smallest partial frame that can hold a complete frame after its first byte. */
	private static final int SMALLEST_REFEED = 1 + LengthCrc32Codec.FRAME_OVERHEAD;

	private final LengthCrc32Codec codec;

	private final LengthCrc32Errors errors;

	private final CrcCheck crcCheck;

	private final int maxMessageSize;

	private final byte[] header = new byte[HEADER_LENGTH];

	private final ByteBuffer headerView = ByteBuffer.wrap(this.header).order(ByteOrder.LITTLE_ENDIAN);

	private final byte[] trailer = new byte[TRAILER_LENGTH];

	private final CRC32 crc32 = new CRC32();

	/** The order this stream is read in: pinned, or detected from its first frame; null until then. */
	private @Nullable ByteOrder order;

	/** The order of the frame being read. */
	private ByteOrder frameOrder;

	private int headerFill;

	/** The data of the frame being read, allocated once its header is known to be sound. */
	private byte @Nullable [] payload;

	private int payloadFill;

	private int trailerFill;

	private boolean scanning;

	private @Nullable LengthCrc32Scanner scanner;

	private long work;

	LengthCrc32Decoder(LengthCrc32Codec codec, String pipeName) {
		this.codec = codec;
		this.errors = new LengthCrc32Errors(pipeName, codec);
		this.crcCheck = codec.crcCheck();
		this.maxMessageSize = codec.maxMessageSize();
		this.order = initialOrder();
		this.frameOrder = codec.byteOrder();
	}

	private @Nullable ByteOrder initialOrder() {
		return (this.codec.readByteOrder() == ReadByteOrder.PINNED) ? this.codec.byteOrder() : null;
	}

	@Override
	public void decode(ByteBuffer source, FrameSink sink) {
		while (source.hasRemaining()) {
			if (this.scanning) {
				if (!scanner().scan(source, sink, true)) {
					return;
				}
				this.order = scanner().order();
				this.scanning = false;
				continue;
			}
			byte[] data = this.payload;
			if (data == null) {
				data = readHeader(source, sink);
				if (data == null) {
					continue; // incomplete (the source is then consumed) or rejected (now scanning)
				}
			}
			int wanted = data.length - this.payloadFill;
			if (wanted > 0) {
				int n = Math.min(wanted, source.remaining());
				source.get(data, this.payloadFill, n);
				if (this.crcCheck != CrcCheck.OFF) {
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
				int raw = source.getInt();
				receivedCrc = (source.order() == this.frameOrder) ? raw : Integer.reverseBytes(raw);
			}
			else {
				int n = Math.min(TRAILER_LENGTH - this.trailerFill, source.remaining());
				source.get(this.trailer, this.trailerFill, n);
				this.trailerFill += n;
				if (this.trailerFill < TRAILER_LENGTH) {
					return;
				}
				receivedCrc = ByteRing.getInt(this.trailer, 0, this.frameOrder == ByteOrder.BIG_ENDIAN);
			}
			completeFrame(data, receivedCrc, sink);
		}
	}

	/**
	 * Reads (or completes) the header and checks it. Returns the payload array to fill, or
	 * {@code null} when the header is still incomplete (the source is then consumed) or was rejected
	 * (the decoder is then scanning).
	 */
	private byte @Nullable [] readHeader(ByteBuffer source, FrameSink sink) {
		int first;
		int second;
		if (this.headerFill == 0 && source.remaining() >= HEADER_LENGTH) {
			int at = source.position();
			first = source.getInt(at);
			second = source.getInt(at + 4);
			if (source.order() == ByteOrder.BIG_ENDIAN) {
				first = Integer.reverseBytes(first);
				second = Integer.reverseBytes(second);
			}
			source.position(at + HEADER_LENGTH);
		}
		else {
			int n = Math.min(HEADER_LENGTH - this.headerFill, source.remaining());
			source.get(this.header, this.headerFill, n);
			this.headerFill += n;
			if (this.headerFill < HEADER_LENGTH) {
				return null;
			}
			first = this.headerView.getInt(0);
			second = this.headerView.getInt(4);
		}
		// first and second are the two fields read little-endian
		ByteOrder known = this.order;
		if (known != ByteOrder.BIG_ENDIAN && consistent(first, second)) {
			return startFrame(second, ByteOrder.LITTLE_ENDIAN);
		}
		int firstBig = Integer.reverseBytes(first);
		int secondBig = Integer.reverseBytes(second);
		if (known != ByteOrder.LITTLE_ENDIAN && consistent(firstBig, secondBig)) {
			return startFrame(secondBig, ByteOrder.BIG_ENDIAN);
		}
		sink.onError(headerError(first, second, known));
		ByteBuffer.wrap(this.header).order(ByteOrder.LITTLE_ENDIAN).putInt(0, first).putInt(4, second);
		this.work += HEADER_LENGTH;
		resetFrame();
		beginScan(HEADER_LENGTH - 1, false, -1);
		scanner().scan(ByteBuffer.wrap(this.header, 1, HEADER_LENGTH - 1), sink, false);
		return null;
	}

	private boolean consistent(int messageLength, int dataLength) {
		long data = Integer.toUnsignedLong(dataLength);
		return data <= this.maxMessageSize && Integer.toUnsignedLong(messageLength) == data + HEADER_LENGTH;
	}

	private byte[] startFrame(int dataLength, ByteOrder frameOrder) {
		byte[] data = new byte[dataLength];
		this.payload = data;
		this.frameOrder = frameOrder;
		this.headerFill = HEADER_LENGTH;
		this.crc32.reset();
		return data;
	}

	/** Why a header whose fields, read little-endian, are {@code first} and {@code second} was rejected. */
	private FrameException headerError(int first, int second, @Nullable ByteOrder known) {
		ByteOrder shown = (known != null) ? known : this.codec.byteOrder();
		boolean swap = shown == ByteOrder.BIG_ENDIAN;
		long messageLength = Integer.toUnsignedLong(swap ? Integer.reverseBytes(first) : first);
		long dataLength = Integer.toUnsignedLong(swap ? Integer.reverseBytes(second) : second);
		long otherMessageLength = Integer.toUnsignedLong(swap ? first : Integer.reverseBytes(first));
		long otherDataLength = Integer.toUnsignedLong(swap ? second : Integer.reverseBytes(second));
		boolean otherConsistent = otherMessageLength == otherDataLength + HEADER_LENGTH;
		if (known != null && otherConsistent && otherDataLength <= this.maxMessageSize) {
			return this.errors.wrongOrder(otherDataLength, known);
		}
		if (messageLength == dataLength + HEADER_LENGTH) {
			return this.errors.tooLarge(dataLength, shown); // consistent, so over the maximum
		}
		if (known == null && otherConsistent) {
			return this.errors.tooLarge(otherDataLength, LengthCrc32Errors.other(shown));
		}
		return this.errors.malformed(messageLength, dataLength, shown, known == null);
	}

	private void completeFrame(byte[] data, int receivedCrc, FrameSink sink) {
		resetFrame();
		this.work += data.length + LengthCrc32Codec.FRAME_OVERHEAD;
		if (this.crcCheck != CrcCheck.OFF && (receivedCrc != 0 || this.crcCheck == CrcCheck.STRICT)) {
			int computedCrc = (int) this.crc32.getValue();
			if (computedCrc != receivedCrc) {
				sink.onError(this.errors.crcMismatch(data.length, computedCrc, receivedCrc));
				ByteBuffer.wrap(this.trailer).order(this.frameOrder).putInt(0, receivedCrc);
				refeed(data, data.length, TRAILER_LENGTH, LengthCrc32Codec.FRAME_OVERHEAD + data.length - 1, false, sink);
				return;
			}
		}
		if (this.order == null) {
			this.order = this.frameOrder; // the stream's first frame decides its order
		}
		sink.onFrame(data);
	}

	/**
	 * Hands the bytes of a frame read in step, after its first, to a new scanning episode: its header
	 * (rebuilt from the lengths), {@code data[0, dataFill)} and {@code trailer[0, trailerFill)}.
	 * @param skipFrom the first byte not reported yet, counted from the frame's second byte
	 * @param atEnd whether the stream ends after these bytes, the frame being truncated
	 */
	private void refeed(byte[] data, int dataFill, int trailerFill, long skipFrom, boolean atEnd, FrameSink sink) {
		ByteBuffer.wrap(this.header).order(this.frameOrder).putInt(0, data.length + HEADER_LENGTH).putInt(4, data.length);
		beginScan(skipFrom, atEnd, data.length + LengthCrc32Codec.FRAME_OVERHEAD);
		LengthCrc32Scanner scanner = scanner();
		scanner.scan(ByteBuffer.wrap(this.header, 1, HEADER_LENGTH - 1), sink, false);
		scanner.scan(ByteBuffer.wrap(data, 0, dataFill), sink, false);
		scanner.scan(ByteBuffer.wrap(this.trailer, 0, trailerFill), sink, false);
	}

	private void beginScan(long skipFrom, boolean presumedFrame, long presumedLength) {
		scanner().begin(skipFrom, this.order, presumedFrame, presumedLength);
		this.scanning = true;
	}

	private LengthCrc32Scanner scanner() {
		LengthCrc32Scanner scanner = this.scanner;
		if (scanner == null) {
			scanner = new LengthCrc32Scanner(this.errors, this.crcCheck, this.maxMessageSize);
			this.scanner = scanner;
		}
		return scanner;
	}

	/**
	 * Drops the partial frame held (its bytes are reported with the skipped stretch) and scans for
	 * the next frame, the stream's byte order kept if known.
	 */
	@Override
	public void resynchronize() {
		if (this.scanning) {
			scanner().restart();
			return;
		}
		int held = bufferedBytes();
		resetFrame();
		beginScan(-held, false, -1);
	}

	@Override
	public void endOfStream(FrameSink sink) {
		if (this.scanning) {
			scanner().endOfStream(sink);
		}
		else {
			endInStep(sink);
		}
		this.scanning = false;
		this.order = initialOrder();
	}

	/**
	 * A partial frame read in step is reported as truncated, unless the frames its bytes hold are
	 * found in it: a header that promised more than the writer sent may have swallowed other frames.
	 */
	private void endInStep(FrameSink sink) {
		int held = bufferedBytes();
		byte[] data = this.payload;
		int dataFill = this.payloadFill;
		int trailerFill = this.trailerFill;
		resetFrame();
		if (held == 0) {
			return;
		}
		long frameLength = (data != null) ? data.length + (long) LengthCrc32Codec.FRAME_OVERHEAD : -1;
		if (data == null || held < SMALLEST_REFEED) {
			sink.onError(this.errors.truncated(held, frameLength));
			return;
		}
		refeed(data, dataFill, trailerFill, -1, true, sink);
		scanner().endOfStream(sink);
	}

	@Override
	public int bufferedBytes() {
		return this.scanning ? scanner().bufferedBytes() : this.headerFill + this.payloadFill + this.trailerFill;
	}

	@Override
	public long missingBytes() {
		if (this.scanning) {
			return scanner().missingBytes();
		}
		byte[] data = this.payload;
		return (data != null) ? (long) data.length - this.payloadFill + TRAILER_LENGTH - this.trailerFill : 0;
	}

	/** Bytes read in step, scanned and checked so far: a measure of the work done, linear in the input. */
	long work() {
		return this.work + ((this.scanner != null) ? this.scanner.work() : 0);
	}

	private void resetFrame() {
		this.headerFill = 0;
		this.payload = null;
		this.payloadFill = 0;
		this.trailerFill = 0;
	}

}
