package io.github.xpipe.codec;

import io.github.xpipe.codec.LengthCrc32Errors.Stretch;

/**
 * Reports the bytes a {@link LengthCrc32Scanner} skips, as one {@link SkippedBytesException} per
 * stretch (and a {@link TruncatedFrameException} for a frame the stream ended in), keeping the offset
 * from which skipped bytes are not reported yet. A long stretch is reported every
 * {@value #INTERVAL} bytes while periodic reports are on. Not thread-safe.
 */
final class LengthCrc32SkipReports {

	/** A stretch of skipped bytes is reported at least this often (16 MiB) while it goes on. */
	static final int INTERVAL = 16 * 1024 * 1024;

	private final LengthCrc32Errors errors;

	/** Skipped bytes from here on are not reported yet. */
	private long from;

	private boolean periodic = true;

	/** Where the last delivered frame ended. */
	private long lastFrameEnd = Long.MIN_VALUE;

	LengthCrc32SkipReports(LengthCrc32Errors errors) {
		this.errors = errors;
	}

	/** Starts anew: bytes from {@code from} on are unreported; long stretches are reported if {@code periodic}. */
	void begin(long from, boolean periodic) {
		this.from = from;
		this.periodic = periodic;
		this.lastFrameEnd = Long.MIN_VALUE;
	}

	/** Turns periodic reports of long stretches on. */
	void reportPeriodically() {
		this.periodic = true;
	}

	/** A frame ending at {@code end} was delivered: the bytes before it are accounted for. */
	void delivered(long end) {
		this.from = Math.max(this.from, end);
		this.lastFrameEnd = end;
	}

	/** Reports the unreported bytes before {@code upTo}, if any, as a stretch that ended {@code how}. */
	void report(long upTo, Stretch how, FrameSink sink) {
		long skipped = upTo - this.from;
		if (skipped > 0) {
			this.from = upTo;
			sink.onError(this.errors.skipped(skipped, how));
		}
	}

	/** Reports the stretch before {@code upTo} if periodic reports are on and it is {@value #INTERVAL} bytes or more. */
	void reportIfLong(long upTo, FrameSink sink) {
		if (this.periodic && upTo - this.from >= INTERVAL) {
			report(upTo, Stretch.ONGOING, sink);
		}
	}

	/**
	 * The stream ended at {@code end}: if {@code truncating}, a frame presumed to start at
	 * {@code start} was in progress, and no frame was delivered from there on, the bytes before
	 * {@code start} are reported as skipped and the rest as a truncated frame of the declared length
	 * (-1 if unknown); otherwise the unreported bytes are reported as skipped.
	 */
	void endOfStream(long end, boolean truncating, long start, long declaredLength, FrameSink sink) {
		if (truncating && this.lastFrameEnd <= start) {
			report(start, Stretch.FRAME_FOUND, sink);
			this.from = end;
			sink.onError(this.errors.truncated(end - start, declaredLength));
		}
		else {
			report(end, Stretch.END_OF_STREAM, sink);
		}
	}

}
