package io.github.xpipe.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.core.ManagedPipe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One run of a listener container, from a start to the end of its threads: its reading thread, its
 * listener threads when it hands messages off, and whether it is still active, stopping or
 * abandoned. A restart after a stop that timed out never shares state with threads of the previous
 * run that are still winding down.
 */
final class ContainerRun {

	/** The container's logger: what is logged here is logged as the container's. */
	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private final Object lifecycleMonitor;

	private final String pipeName;

	private final String listenerId;

	private final PipeContainerProperties properties;

	private final PipeReader reader;

	private final CountDownLatch stopSignal = new CountDownLatch(1);

	private final CountDownLatch terminated;

	private final AtomicLong unhandled = new AtomicLong();

	private final List<Future<?>> tasks = new ArrayList<>();

	private volatile boolean active = true;

	private volatile boolean abandoned;

	/** When a stopping reading thread gives up completing the frame in progress; guarded by the lifecycle monitor. */
	private long stopDeadline;

	/**
	 * Starts the reading thread on the reader executor and, when the concurrency is above 1 or the
	 * listener has an executor of its own, {@code concurrency} listener threads on the listener
	 * executor, fed through a bounded queue.
	 */
	ContainerRun(ManagedPipe pipe, String listenerId, PipeContainerProperties properties, ListenerThreads threads,
			ListenerInvoker invoker, ContainerListenerNotifier notifier, Object lifecycleMonitor) {
		int concurrency = properties.getConcurrency();
		this.lifecycleMonitor = lifecycleMonitor;
		this.pipeName = pipe.getName();
		this.listenerId = listenerId;
		this.properties = properties;
		@Nullable ListenerHandOff handOff = threads.handOff(concurrency) ? new ListenerHandOff(concurrency, this, invoker) : null;
		this.terminated = new CountDownLatch((handOff != null) ? concurrency + 1 : 1);
		this.reader = new PipeReader(this, pipe, listenerId, properties, handOff, invoker, notifier);
		if (handOff != null) {
			for (int i = 0; i < concurrency; i++) {
				this.tasks.add(threads.listener().submit(handOff::dispatchLoop));
			}
		}
		this.tasks.add(threads.reader().submit(this.reader::readLoop));
	}

	/** The monitor guarding the container's lifecycle and the reading thread's state a stop looks at. */
	Object lifecycleMonitor() {
		return this.lifecycleMonitor;
	}

	boolean isActive() {
		return this.active;
	}

	/** Ends the run from inside, as when the reading thread is interrupted in a reconnect backoff. */
	void markInactive() {
		this.active = false;
	}

	boolean isAbandoned() {
		return this.abandoned;
	}

	/**
	 * Stops reading: cancels a blocked read, unless the reading thread is decoding or holds part of
	 * a frame (it then stops itself on a frame boundary, within the shutdown timeout), and wakes a
	 * reconnect backoff.
	 * Called holding the lifecycle monitor.
	 */
	void deactivate() {
		this.active = false;
		this.stopSignal.countDown();
		this.stopDeadline = System.nanoTime() + this.properties.getShutdownTimeout().toNanos();
		this.reader.cancelBlockedRead();
	}

	/** Whether a stopping run may still complete the frame in progress. Called holding the lifecycle monitor. */
	boolean isBeforeStopDeadline() {
		return System.nanoTime() - this.stopDeadline < 0;
	}

	/** Waits a reconnect backoff, cut short by a stop. */
	void awaitBackoff(long backoffMillis) throws InterruptedException {
		this.stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS);
	}

	/** Waits for every thread of the run to end; whether they did within the timeout. */
	boolean awaitTermination(Duration timeout) throws InterruptedException {
		return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Gives up on what is left: interrupts the threads; messages not yet handled are dropped and counted. */
	void abandon() {
		this.abandoned = true;
		this.tasks.forEach((task) -> task.cancel(true));
	}

	/** Counts messages already read that are dropped, not handled. */
	void countUnhandled(long count) {
		this.unhandled.addAndGet(count);
	}

	/** Counts down; the last thread of the run reports messages dropped by an abandoned stop. */
	void terminate() {
		this.terminated.countDown();
		if (this.terminated.getCount() > 0) {
			return;
		}
		long count = this.unhandled.getAndSet(0);
		if (count > 0) {
			logger.warn("Listener '" + this.listenerId + "' on pipe '" + this.pipeName + "': " + count
					+ " messages already read were not handled because the stop timed out");
		}
	}

}
