package io.github.xpipe.codec;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Measures heap allocation with HotSpot's per-thread counter. */
final class Allocations {

	private Allocations() {
	}

	/** Bytes the current thread allocates while running {@code action}. */
	static long measure(Runnable action) {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		assertThat(threads.isThreadAllocatedMemorySupported()).as("per-thread allocation counter").isTrue();
		threads.setThreadAllocatedMemoryEnabled(true);
		long before = threads.getCurrentThreadAllocatedBytes();
		action.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

}
