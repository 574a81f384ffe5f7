package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.github.xpipe.pipe.PipeClosedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the fake-driven Windows tests share: a {@link RecordingWin32Pipes}, a backend on it, the
 * actions to run each time code under test waits on an event, the check that nothing leaked, and
 * the check that closing an end ends a call blocked on it.
 */
abstract class FakeWin32Support {

	final RecordingWin32Pipes win32 = new RecordingWin32Pipes();

	final WindowsPipeBackend backend = new WindowsPipeBackend(this.win32);

	/** Run one per wait, in order: completes the operation the code under test waits for. */
	final Deque<Runnable> onWait = new ArrayDeque<>();

	FakeWin32Support() {
		this.win32.onWait(() -> {
			Runnable next = this.onWait.poll();
			if (next != null) {
				next.run();
			}
		});
	}

	/** Every handle closed and every overlapped operation's memory freed. */
	void assertNothingLeaks() {
		assertThat(this.win32.openHandles).as("handles left open").isEmpty();
		assertThat(this.win32.operations).allSatisfy((op) -> assertThat(op.freed).as("%s freed", op).isTrue());
	}

	/**
	 * Runs {@code call} on another thread until {@code blocked} holds (within 5 s), closes
	 * {@code end}, and checks that the call then ended (within 1 s) with a {@link PipeClosedException}.
	 */
	static void assertCloseEndsBlockedCall(BlockingCall call, Callable<Boolean> blocked, AutoCloseable end)
			throws Exception {
		CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
			try {
				call.run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(blocked);
		end.close();
		await().atMost(Duration.ofSeconds(1)).until(running::isDone);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(running::get)
			.havingRootCause()
			.isInstanceOf(PipeClosedException.class);
	}

	/** A call on an end that blocks until the end is closed. */
	@FunctionalInterface
	interface BlockingCall {

		void run() throws Exception;

	}

}
