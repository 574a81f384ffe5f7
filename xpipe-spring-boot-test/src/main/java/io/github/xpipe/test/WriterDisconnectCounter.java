package io.github.xpipe.test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link WriterDisconnects} fed by whoever reads the application's pipes: a pipe's count is known
 * once {@link #track(String) tracked}, and goes up with each {@link #disconnected(String)}. In a
 * plain-Java test whose reader uses {@link io.github.xpipe.pipe.ReadPipeEnd#receive
 * ReadPipeEnd.receive(listener, timeout)}, call {@code disconnected} from the listener's
 * {@link io.github.xpipe.pipe.PipeMessageListener#onWriterDisconnected onWriterDisconnected}.
 * Thread-safe.
 */
public class WriterDisconnectCounter implements WriterDisconnects {

	private final Set<String> tracked = new HashSet<>();

	private final Map<String, Long> counts = new HashMap<>();

	/** From now on every writer leaving the pipe is reported here: its count is known. */
	public synchronized void track(String pipe) {
		this.tracked.add(pipe);
	}

	/** A writer of the pipe went away, as the application's reader saw it. */
	public synchronized void disconnected(String pipe) {
		this.counts.merge(pipe, 1L, Long::sum);
		notifyAll();
	}

	@Override
	public synchronized long count(String pipe) {
		return this.tracked.contains(pipe) ? this.counts.getOrDefault(pipe, 0L) : -1;
	}

	@Override
	public synchronized boolean awaitMoreThan(String pipe, long count, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.counts.getOrDefault(pipe, 0L) <= count) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			wait(Math.max(1, left / 1_000_000));
		}
		return true;
	}

}
