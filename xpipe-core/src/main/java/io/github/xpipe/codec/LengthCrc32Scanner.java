package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Errors.Stretch;

import org.jspecify.annotations.Nullable;

/**
 * Finds the next {@code length-crc32} frame in a stream whose frame boundaries are lost, by itself
 * and in time linear in the bytes, whatever they hold.
 *
 * <p>Every position holding a header with consistent lengths within the maximum, in a byte order
 * the stream may use, opens a <em>candidate</em>; up to {@value #MAX_CANDIDATES} are followed at once
 * (further headers are skipped while all are open). A candidate is checked against its own CRC
 * (by the codec's {@link CrcCheck}) when its last byte arrives. Once the bytes hold no more than
 * garbage, the first candidate to complete and verify is delivered, and every candidate that starts
 * inside it is dropped. A delivered frame ends where the next one should start: that position is the
 * <em>anchor</em>, and a candidate there takes precedence, as a frame read in step would, over
 * shorter candidates that start inside it and complete earlier; if it fails, the earliest of those
 * that verified wins. The stream is back in step once the anchor is the next byte.
 *
 * <p>Bytes are held, in a {@link ByteRing}, only from the oldest open candidate's start, so never more
 * than one maximal frame, and none while no candidate is open (but for the 7 bytes a header can
 * straddle reads with). Each byte is examined once for a header and checked by at most
 * {@value #MAX_CANDIDATES} CRCs, so the work stays linear even for crafted input, such as headers
 * nested inside one another.
 *
 * <p>Stream offsets count from the start of one scanning episode ({@link #begin}); they may be
 * negative for bytes before it that the episode accounts for. Skipped bytes are reported as one
 * {@link SkippedBytesException} per stretch: when the next frame is found, at the end of the stream,
 * or every {@value #SKIP_REPORT_INTERVAL} bytes of a long one. Not thread-safe.
 */
final class LengthCrc32Scanner {

	/** The most candidates followed at once. */
	static final int MAX_CANDIDATES = LengthCrc32Candidates.LIMIT;

	/** A stretch of skipped bytes is reported at least this often (16 MiB) while it goes on. */
	static final int SKIP_REPORT_INTERVAL = LengthCrc32SkipReports.INTERVAL;

	private static final int HEADER_LENGTH = LengthCrc32FrameCheck.HEADER_LENGTH;

	private static final int TRAILER_LENGTH = LengthCrc32FrameCheck.TRAILER_LENGTH;

	/** A ring that grew over this is released when an episode ends. */
	private static final int RETAINED_RING = 64 * 1024;

	/** Header consistency, CRC verification and the stream's byte order. */
	private final LengthCrc32FrameCheck check;

	/** Which skipped bytes are reported yet. */
	private final LengthCrc32SkipReports skips;

	private final ByteRing ring;

	private final LengthCrc32Candidates candidates = new LengthCrc32Candidates();

	/** Offset of the next byte to come. */
	private long position;

	/** The next position to examine for a header; every candidate starts at or after it. */
	private long detect;

	/** Where the next frame should start, after the last delivered; -1 when unknown. */
	private long anchor = -1;

	/** Where a frame presumed to be in progress started, for the end of the stream; see {@link #begin}. */
	private long presumedStart;

	private long presumedLength = -1;

	private boolean hasPresumed;

	private boolean ended;

	/** The read being scanned, with the unexamined bytes the one before left. */
	private final StraddledRead read = new StraddledRead();

	private long work;

	LengthCrc32Scanner(LengthCrc32Errors errors, CrcCheck crcCheck, int maxMessageSize) {
		this.check = new LengthCrc32FrameCheck(crcCheck, maxMessageSize);
		this.skips = new LengthCrc32SkipReports(errors);
		this.ring = new ByteRing(maxMessageSize + LengthCrc32Codec.FRAME_OVERHEAD);
	}

	/**
	 * Starts an episode: the next byte scanned has offset 0.
	 * @param skipFrom the offset from which skipped bytes are unreported (bytes the caller already
	 *        reported, as part of a rejected frame, lie before it; bytes it dropped unreported, after)
	 * @param order the byte order of the stream, or {@code null} while it is not known (both are
	 *        scanned for, and the first frame found decides)
	 * @param presumedFrame whether a frame presumed to start at offset -1 is in progress, so that if
	 *        the stream ends before anything is found, it is reported as truncated
	 * @param presumedLength that frame's declared length, or -1 if unknown
	 */
	void begin(long skipFrom, @Nullable ByteOrder order, boolean presumedFrame, long presumedLength) {
		this.position = 0;
		this.detect = 0;
		this.anchor = -1;
		this.skips.begin(skipFrom, !presumedFrame);
		this.candidates.clear();
		this.ring.clear(0);
		this.read.clear();
		this.check.expect(order);
		this.hasPresumed = presumedFrame;
		this.presumedStart = -1;
		this.presumedLength = presumedLength;
		this.ended = false;
	}

	/** Drops every candidate and the bytes held, and scans on from the next byte as if from scratch. */
	void restart() {
		this.candidates.clear();
		this.ring.clear(this.position);
		this.anchor = -1;
		this.detect = this.position;
		this.read.clear();
		this.hasPresumed = false;
		this.skips.reportPeriodically();
	}

	/**
	 * Scans the source from its position.
	 * @param mayAlign whether to stop once back in step (else the whole source is scanned)
	 * @return true if back in step at the source's new position, the rest of it unread; false if the
	 *         whole source was consumed, still scanning
	 */
	boolean scan(ByteBuffer source, FrameSink sink, boolean mayAlign) {
		if (mayAlign && this.anchor == this.position) {
			return true;
		}
		StraddledRead read = this.read;
		read.begin(source, this.position);
		long end = read.end();
		boolean sourceBig = source.order() == ByteOrder.BIG_ENDIAN;
		while (this.position < end) {
			long stop = detectHeaders(source, sourceBig, Math.min(end, this.candidates.nextEnd()));
			if (this.candidates.size() > 0) {
				read.appendTo(this.ring, this.ring.end(), stop);
			}
			this.work += stop - this.position;
			this.position = stop;
			if (stop == this.candidates.nextEnd()) {
				complete(stop, sink);
			}
			reportLongStretch(sink);
			if (mayAlign && this.anchor == this.position) {
				source.position(read.index(this.position));
				read.clear();
				return true;
			}
		}
		source.position(source.limit());
		read.carryFrom(Math.max(this.detect, this.position - StraddledRead.CARRY));
		return false;
	}

	/**
	 * Examines every position whose header lies wholly before {@code stop}, opening candidates (the
	 * positions a header may straddle from the read before first).
	 * @return {@code stop}, or the end of a candidate opened here if that comes first
	 */
	private long detectHeaders(ByteBuffer source, boolean sourceBig, long stop) {
		long p = this.detect;
		for (long start = this.read.start(); p < start && p + HEADER_LENGTH <= stop; p++) {
			stop = consider(p, this.read.carriedInt(p), this.read.carriedInt(p + 4), stop);
		}
		for (; p + HEADER_LENGTH <= stop; p++) {
			int index = this.read.index(p);
			int messageLength = source.getInt(index);
			int dataLength = source.getInt(index + 4);
			if (sourceBig) {
				messageLength = Integer.reverseBytes(messageLength);
				dataLength = Integer.reverseBytes(dataLength);
			}
			stop = consider(p, messageLength, dataLength, stop);
		}
		this.detect = p;
		return stop;
	}

	/** Opens a candidate at {@code p} if its two fields, read little-endian, form a header in a readable order. */
	private long consider(long p, int messageLength, int dataLength, long stop) {
		if (this.check.littleEndianHeader(messageLength, dataLength)) {
			return open(p, Integer.toUnsignedLong(dataLength), false, stop);
		}
		if (this.check.bigEndianHeader(messageLength, dataLength)) {
			return open(p, Integer.toUnsignedLong(Integer.reverseBytes(dataLength)), true, stop);
		}
		return stop;
	}

	private long open(long p, long dataLength, boolean big, long stop) {
		if (this.candidates.isFull()) {
			return stop;
		}
		if (this.candidates.size() == 0) {
			this.ring.clear(p);
		}
		long end = p + LengthCrc32Codec.FRAME_OVERHEAD + dataLength;
		this.candidates.add(p, end, big);
		return Math.min(stop, end);
	}

	/** Checks the candidates that end at {@code end}, drops those that fail, and delivers what can be. */
	private void complete(long end, FrameSink sink) {
		for (int i = 0; i < this.candidates.size(); i++) {
			if (this.candidates.end(i) == end && !this.candidates.isVerified(i)) {
				if (this.check.verify(this.ring, this.candidates.start(i), this.candidates.end(i),
						this.candidates.isBigEndian(i))) {
					this.candidates.markVerified(i);
				}
				else {
					this.candidates.remove(i--);
				}
			}
		}
		trimRing();
		resolve(sink);
	}

	/** Delivers verified candidates: the one at the anchor when there is one, else the one that ended first. */
	private void resolve(FrameSink sink) {
		while (true) {
			if (this.ended) {
				this.anchor = -1;
			}
			if (this.anchor >= 0) {
				int at = this.candidates.indexOf(this.anchor);
				if (at < 0) {
					if (this.detect <= this.anchor) {
						return; // its header is not complete yet
					}
					this.anchor = -1; // no frame starts there
					continue;
				}
				if (!this.candidates.isVerified(at)) {
					return;
				}
				deliver(at, sink);
				continue;
			}
			int winner = this.candidates.firstVerified();
			if (winner < 0) {
				return;
			}
			deliver(winner, sink);
		}
	}

	private void deliver(int i, FrameSink sink) {
		long start = this.candidates.start(i);
		long end = this.candidates.end(i);
		boolean big = this.candidates.isBigEndian(i);
		byte[] data = this.ring.copy(start + HEADER_LENGTH, end - TRAILER_LENGTH);
		this.work += data.length;
		this.skips.report(start, Stretch.FRAME_FOUND, sink);
		this.skips.delivered(end);
		this.anchor = end;
		this.detect = Math.max(this.detect, end);
		this.check.settle(big);
		this.candidates.removeOverlapping(end, big);
		trimRing();
		sink.onFrame(data);
	}

	private void trimRing() {
		if (this.candidates.size() == 0) {
			this.ring.clear(this.position);
		}
		else {
			this.ring.dropBefore(this.candidates.oldestStart());
		}
	}

	/** Reports a long stretch so far, up to the first byte a candidate may still claim. */
	private void reportLongStretch(FrameSink sink) {
		long upTo = this.position;
		if (this.candidates.size() > 0) {
			upTo = Math.min(upTo, this.candidates.oldestStart());
		}
		if (this.anchor >= 0) {
			upTo = Math.min(upTo, this.anchor);
		}
		this.skips.reportIfLong(upTo, sink);
	}

	/**
	 * The stream ended: candidates that cannot complete are dropped, verified ones are delivered, and
	 * the rest is reported, as a truncated frame if one was presumed in progress and nothing was
	 * found in it, else as skipped bytes. The scanner must then {@link #begin} again.
	 */
	void endOfStream(FrameSink sink) {
		long presumed = this.presumedStart;
		long presumedLength = this.presumedLength;
		boolean truncating = this.hasPresumed;
		if (this.anchor >= 0 && this.position > this.anchor) {
			int at = this.candidates.indexOf(this.anchor);
			truncating = at < 0 || !this.candidates.isVerified(at);
			presumed = this.anchor;
			presumedLength = (at >= 0) ? this.candidates.end(at) - this.anchor : -1;
		}
		this.ended = true;
		this.candidates.removeIncomplete();
		trimRing();
		resolve(sink);
		this.skips.endOfStream(this.position, truncating, presumed, presumedLength, sink);
		finish();
	}

	/** Ends an episode: drops what is held and gives a large ring back. */
	void finish() {
		this.candidates.clear();
		this.ring.clear(this.position);
		this.ring.release(RETAINED_RING);
		this.read.clear();
	}

	/** The stream's byte order once known, else {@code null}. */
	@Nullable ByteOrder order() {
		return this.check.order();
	}

	/** Bytes held: from the oldest open candidate's start, or the unexamined tail. */
	int bufferedBytes() {
		return (this.candidates.size() > 0) ? (int) (this.position - this.candidates.oldestStart())
				: this.read.carriedLength();
	}

	/** Bytes still missing from the candidate at the anchor, a frame presumed to be in progress. */
	long missingBytes() {
		int at = (this.anchor >= 0) ? this.candidates.indexOf(this.anchor) : -1;
		return (at >= 0 && !this.candidates.isVerified(at)) ? this.candidates.end(at) - this.position : 0;
	}

	/** Bytes scanned and checked so far, each counted once per pass: a measure of the work done. */
	long work() {
		return this.work + this.check.checkedBytes();
	}

}
