package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.pipe.PipeClosedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Checks that {@code close()} ends a call blocked on a real pipe at once. */
final class CloseLatency {

	private static final int ATTEMPTS = 5;

	private CloseLatency() {
	}

	/**
	 * Blocks a call in another thread, checks that it stays blocked, closes its end and checks that
	 * the call ends with a {@link PipeClosedException}; {@value #ATTEMPTS} times, each on a fresh
	 * end. The time from close() to the call ending, measured by the blocked thread itself, is
	 * asserted under 100 ms in the median and under 1 s every time: under Wine on a shared machine
	 * one wake-up now and then waits for a CPU far longer than the backend takes, while a design that
	 * polled or waited for a time-out would miss 100 ms every time.
	 */
	static void assertCloseCancels(ExecutorService executor, Callable<BlockedCall> setup) throws Exception {
		List<Duration> latencies = new ArrayList<>();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			BlockedCall blocking = setup.call();
			AtomicLong endedAt = new AtomicLong();
			Future<?> blocked = executor.submit(() -> {
				try {
					return blocking.call().call();
				}
				finally {
					endedAt.set(System.nanoTime());
				}
			});
			await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> !blocked.isDone());
			long closedAt = System.nanoTime();
			blocking.end().close();
			await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> blocked.get(0, TimeUnit.SECONDS))
				.withCauseInstanceOf(PipeClosedException.class);
			latencies.add(Duration.ofNanos(endedAt.get() - closedAt));
		}
		List<Duration> sorted = latencies.stream().sorted().toList();
		assertThat(sorted.get(ATTEMPTS / 2)).as("median time from close() to the call ending, of %s", latencies)
			.isLessThan(Duration.ofMillis(100));
		assertThat(sorted.get(ATTEMPTS - 1)).as("longest time from close() to the call ending, of %s", latencies)
			.isLessThan(Duration.ofSeconds(1));
	}

	/** An end and a call on it that blocks until the end is closed. */
	record BlockedCall(AutoCloseable end, Callable<?> call) {
	}

}
