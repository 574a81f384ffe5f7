package io.github.xpipe.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test support: taking what listeners put into a queue, waiting for it up to a deadline. */
public final class BlockingQueues {

	private BlockingQueues() {
	}

	/**
	 * Up to {@code count} elements of the queue, in order, waiting for them until {@code timeout}
	 * has passed in all; fewer if the time ran out.
	 */
	public static <T> List<T> take(BlockingQueue<T> queue, int count, Duration timeout) throws InterruptedException {
		List<T> taken = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (taken.size() < count) {
			T next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next == null) {
				break;
			}
			taken.add(next);
		}
		return taken;
	}

}
