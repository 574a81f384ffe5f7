package io.github.xpipe.pipe.windows;

import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fake-driven Windows tests share: a {@link RecordingWin32Pipes}, a backend on it, the
 * actions to run each time code under test waits on an event, and the check that nothing leaked.
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

}
