package io.github.xpipe.pipe.posix;

import java.time.Duration;

/** A point in time a wait must not pass, measured with {@link System#nanoTime()}. */
final class Deadline {

	private final long start = System.nanoTime();

	private final long timeoutNanos;

	private Deadline(long timeoutNanos) {
		this.timeoutNanos = Math.max(0, timeoutNanos);
	}

	static Deadline after(long timeoutNanos) {
		return new Deadline(timeoutNanos);
	}

	static Deadline after(Duration timeout) {
		long nanos;
		try {
			nanos = timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			nanos = Long.MAX_VALUE;
		}
		return new Deadline(nanos);
	}

	long remainingNanos() {
		return this.timeoutNanos - (System.nanoTime() - this.start);
	}

	boolean hasPassed() {
		return remainingNanos() <= 0;
	}

	/** The remaining time as a {@code poll(2)} timeout: whole milliseconds rounded up, at most {@code cap}. */
	int remainingMillis(int cap) {
		long remaining = remainingNanos();
		if (remaining <= 0) {
			return 0;
		}
		long millis = (remaining + 999_999) / 1_000_000;
		return (int) Math.min(millis, cap);
	}

}
