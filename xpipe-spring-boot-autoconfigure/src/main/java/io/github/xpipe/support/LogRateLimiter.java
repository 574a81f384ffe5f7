package io.github.xpipe.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Decides which of many similar log events to write, so that a flood of bad input or failing
 * messages cannot flood the log. Events are grouped by a key the caller chooses (e.g. the pipe and the
 * reason a frame was rejected):
 * <ul>
 * <li>the first {@code burst} events of a key are written in full ({@link #tryAcquire} is
 * {@code true});
 * <li>later ones are only counted, until a whole {@code interval} passes without an event of that
 * key, after which the next ones are written in full again;
 * <li>once {@code interval} has passed since the first event counted, one {@link Summary} per key
 * says how many were left out ({@link #drainSummaries()}, {@link #nextSummaryDelay()}), then the
 * counting starts again.
 * </ul>
 * {@link #isFirstOccurrence} tells, per distinct failure (the caller's signature, e.g. the exception
 * type and where it was thrown), whether it is seen for the first time, so that a stack trace is
 * written once and later occurrences in one line.
 *
 * <p>Memory is bounded: at most {@value #MAX_KEYS} keys and {@value #MAX_SIGNATURES} signatures are
 * kept; beyond that, new keys share one overflow key and new signatures count as seen. Thread-safe;
 * no threads of its own and no dependency on Spring: whoever writes the log calls
 * {@link #drainSummaries()}, e.g. on a timer after {@link #nextSummaryDelay()}.
 */
public final class LogRateLimiter {

	/** The most keys tracked; events of further keys share {@link #OVERFLOW_KEY}. */
	public static final int MAX_KEYS = 1024;

	/** The most failure signatures remembered; further ones count as seen (their trace is left out). */
	public static final int MAX_SIGNATURES = 1024;

	/** The key events share once {@value #MAX_KEYS} keys are tracked. */
	public static final String OVERFLOW_KEY = "(other)";

	private final int burst;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final Map<String, KeyState> keys = new LinkedHashMap<>();

	private final Set<String> signatures = new LinkedHashSet<>();

	/**
	 * @param burst how many events of a key are written in full before the rest are counted
	 * @param interval how often a summary of the counted events is due, and how long a key must be
	 *        quiet before it is written in full again
	 */
	public LogRateLimiter(int burst, Duration interval) {
		this(burst, interval, System::nanoTime);
	}

	/** A limiter on the given clock, in nanoseconds (for tests). */
	public LogRateLimiter(int burst, Duration interval, LongSupplier nanoClock) {
		if (burst < 1) {
			throw new IllegalArgumentException("burst must be at least 1, was " + burst);
		}
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive, was " + interval);
		}
		this.burst = burst;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Records one event of {@code key}.
	 * @return {@code true} when it is to be written in full, {@code false} when it was only counted
	 */
	public synchronized boolean tryAcquire(String key) {
		long now = this.nanoClock.getAsLong();
		KeyState state = this.keys.get(key);
		if (state == null) {
			if (this.keys.size() >= MAX_KEYS) {
				return tryAcquire(OVERFLOW_KEY, now);
			}
			state = new KeyState(this.burst);
			this.keys.put(key, state);
		}
		return acquire(state, now);
	}

	private boolean tryAcquire(String key, long now) {
		return acquire(this.keys.computeIfAbsent(key, (k) -> new KeyState(this.burst)), now);
	}

	private boolean acquire(KeyState state, long now) {
		if (state.seenAny && now - state.lastEvent >= this.intervalNanos && state.suppressed == 0) {
			state.fullLeft = this.burst;
		}
		state.seenAny = true;
		state.lastEvent = now;
		if (state.fullLeft > 0) {
			state.fullLeft--;
			return true;
		}
		if (state.suppressed == 0) {
			state.firstSuppressed = now;
		}
		state.suppressed++;
		return false;
	}

	/**
	 * The summaries due: for each key whose first counted event is at least one interval old, how many
	 * events were counted since. Each is returned once; counting then starts again.
	 */
	public synchronized List<Summary> drainSummaries() {
		long now = this.nanoClock.getAsLong();
		List<Summary> due = new ArrayList<>();
		for (Map.Entry<String, KeyState> entry : this.keys.entrySet()) {
			KeyState state = entry.getValue();
			if (state.suppressed > 0 && now - state.firstSuppressed >= this.intervalNanos) {
				due.add(new Summary(entry.getKey(), state.suppressed, Duration.ofNanos(now - state.firstSuppressed)));
				state.suppressed = 0;
			}
		}
		return due.isEmpty() ? Collections.emptyList() : due;
	}

	/** How long until the next summary is due, or {@code null} when no event is counted. */
	public synchronized @Nullable Duration nextSummaryDelay() {
		long now = this.nanoClock.getAsLong();
		long soonest = Long.MAX_VALUE;
		for (KeyState state : this.keys.values()) {
			if (state.suppressed > 0) {
				soonest = Math.min(soonest, Math.max(0, state.firstSuppressed + this.intervalNanos - now));
			}
		}
		return (soonest == Long.MAX_VALUE) ? null : Duration.ofNanos(soonest);
	}

	/**
	 * Whether the failure with this signature is seen for the first time (then e.g. its stack trace
	 * is written). After {@value #MAX_SIGNATURES} distinct signatures, every new one counts as seen.
	 */
	public synchronized boolean isFirstOccurrence(String signature) {
		if (this.signatures.contains(signature) || this.signatures.size() >= MAX_SIGNATURES) {
			return false;
		}
		this.signatures.add(signature);
		return true;
	}

	/**
	 * Events of one key that were counted and not written.
	 *
	 * @param key the key
	 * @param count how many
	 * @param period over how long, from the first of them until the summary
	 */
	public record Summary(String key, long count, Duration period) {

	}

	private static final class KeyState {

		int fullLeft;

		long suppressed;

		long firstSuppressed;

		long lastEvent;

		boolean seenAny;

		KeyState(int burst) {
			this.fullLeft = burst;
		}

	}

}
