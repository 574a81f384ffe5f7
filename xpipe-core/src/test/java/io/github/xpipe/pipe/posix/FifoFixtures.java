package io.github.xpipe.pipe.posix;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionFactory;

import static org.awaitility.Awaitility.await;

/**
 * Test support for the tests that block on real FIFOs: a thread running a blocking call and
 * recording how it ended, whether a thread waits inside poll(2), and the bound within which
 * {@code close()} must end such a call.
 */
public final class FifoFixtures {

	/** How soon {@code close()} must end a blocked call. */
	public static final Duration CANCEL_BOUND = Duration.ofMillis(100);

	private FifoFixtures() {
	}

	/** Close must end a blocked call within 100 ms: checked every 2 ms, starting at once. */
	public static ConditionFactory withinCancelBound() {
		return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(CANCEL_BOUND);
	}

	/** A thread running {@code action}, recording what it threw (or an error if it returned). */
	public static Thread start(String name, ThrowingRunnable action, AtomicReference<Throwable> outcome) {
		Thread thread = new Thread(() -> {
			try {
				action.run();
				outcome.set(new AssertionError(name + " returned normally"));
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
		}, name);
		thread.start();
		return thread;
	}

	/** Whether the thread is inside poll(2), the only place a FIFO end blocks: waiting rather than about to wait. */
	public static boolean isPolling(Thread thread) {
		return thread != null && thread.isAlive() && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(LibC.class.getName()) && frame.getMethodName().equals("poll"));
	}

	/** A blocking call run by a test. */
	@FunctionalInterface
	public interface ThrowingRunnable {

		void run() throws Exception;

	}

}
