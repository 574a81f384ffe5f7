package io.github.xpipe.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which events a {@link LogRateLimiter} lets through, and the summaries of the others. */
class LogRateLimiterTests {

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final LogRateLimiter limiter = new LogRateLimiter(3, INTERVAL, this.now::get);

	@Test
	void theFirstEventsOfAKeyAreWrittenTheRestCounted() {
		assertThat(IntStream.range(0, 10).mapToObj((i) -> this.limiter.tryAcquire("pipe a: crc")))
			.containsExactly(true, true, true, false, false, false, false, false, false, false);
		assertThat(this.limiter.tryAcquire("pipe b: crc")).as("another key has a burst of its own").isTrue();
	}

	@Test
	void aSummaryOfTheCountedEventsIsDueOnceAnIntervalAfterTheFirstOfThem() {
		for (int i = 0; i < 1000; i++) {
			this.limiter.tryAcquire("pipe a: crc");
		}
		assertThat(this.limiter.drainSummaries()).isEmpty();
		assertThat(this.limiter.nextSummaryDelay()).isEqualTo(INTERVAL);
		advance(INTERVAL.minusMillis(1));
		assertThat(this.limiter.drainSummaries()).isEmpty();
		advance(Duration.ofMillis(1));
		assertThat(this.limiter.drainSummaries()).containsExactly(new LogRateLimiter.Summary("pipe a: crc", 997, INTERVAL));
		assertThat(this.limiter.drainSummaries()).as("each summary once").isEmpty();
		assertThat(this.limiter.nextSummaryDelay()).isNull();
	}

	@Test
	void aFloodGoesOnInSummariesOnlyAndAKeyQuietForAnIntervalIsWrittenInFullAgain() {
		for (int i = 0; i < 5; i++) {
			this.limiter.tryAcquire("k");
		}
		advance(INTERVAL);
		assertThat(this.limiter.tryAcquire("k")).as("still flooding: counted").isFalse();
		assertThat(this.limiter.drainSummaries()).extracting(LogRateLimiter.Summary::count).containsExactly(3L);
		advance(INTERVAL.dividedBy(2));
		assertThat(this.limiter.tryAcquire("k")).as("not quiet for an interval yet: counted").isFalse();
		advance(INTERVAL);
		assertThat(this.limiter.drainSummaries()).extracting(LogRateLimiter.Summary::count).containsExactly(1L);
		assertThat(this.limiter.tryAcquire("k")).as("quiet for an interval: written in full again").isTrue();
	}

	@Test
	void aStackTraceIsDueOncePerDistinctFailure() {
		assertThat(this.limiter.isFirstOccurrence("IllegalStateException at Foo.bar(Foo.java:12)")).isTrue();
		assertThat(this.limiter.isFirstOccurrence("IllegalStateException at Foo.bar(Foo.java:12)")).isFalse();
		assertThat(this.limiter.isFirstOccurrence("IllegalStateException at Foo.baz(Foo.java:20)")).isTrue();
	}

	@Test
	void memoryIsBoundedWhateverTheKeys() {
		for (int i = 0; i < LogRateLimiter.MAX_KEYS + 100; i++) {
			this.limiter.tryAcquire("key " + i);
		}
		for (int i = 0; i < 5; i++) {
			this.limiter.tryAcquire("yet another key " + i);
		}
		advance(INTERVAL);
		assertThat(this.limiter.drainSummaries()).extracting(LogRateLimiter.Summary::key)
			.containsExactly(LogRateLimiter.OVERFLOW_KEY);
		for (int i = 0; i < LogRateLimiter.MAX_SIGNATURES; i++) {
			this.limiter.isFirstOccurrence("signature " + i);
		}
		assertThat(this.limiter.isFirstOccurrence("one more")).as("beyond the bound, counted as seen").isFalse();
	}

	@Test
	void refusesSettingsThatCannotWork() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LogRateLimiter(0, INTERVAL));
		assertThatIllegalArgumentException().isThrownBy(() -> new LogRateLimiter(1, Duration.ZERO));
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
