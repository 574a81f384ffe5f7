package io.github.xpipe.listener;

import java.time.Duration;
import java.util.List;

import io.github.xpipe.support.micrometer.PipeListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.Assert;

/** Settings of one {@link DefaultPipeListenerContainer}. */
public class PipeContainerProperties {

	/** Default {@link #getShutdownTimeout()}: 10 seconds. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	/** Default {@link #getPollTimeout()}: 1 second. */
	public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(1);

	private int concurrency = 1;

	private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

	private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;

	private Duration reconnectBackoff = Duration.ofMillis(100);

	private Duration maxReconnectBackoff = Duration.ofSeconds(5);

	private @Nullable AsyncTaskExecutor taskExecutor;

	private List<PipeContainerListener> containerListeners = List.of();

	private boolean virtualThreads;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable PipeListenerObservationConvention observationConvention;

	/** How many threads invoke the listener; see {@link #setConcurrency(int)}. */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * How many threads invoke the listener. With 1 (the default) the reading thread invokes it, one
	 * message at a time, in the order the messages arrived. With more, one thread still reads the
	 * pipe and hands messages to that many listener threads: the listener is invoked in parallel
	 * and messages may be handled out of order.
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "concurrency must be at least 1, was " + concurrency);
		this.concurrency = concurrency;
	}

	/** The longest a stop waits for messages already read to be handled. */
	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		Assert.isTrue(!shutdownTimeout.isNegative(), "shutdownTimeout must not be negative");
		this.shutdownTimeout = shutdownTimeout;
	}

	/** The longest one read waits for input before the reading loop checks its state. */
	public Duration getPollTimeout() {
		return this.pollTimeout;
	}

	public void setPollTimeout(Duration pollTimeout) {
		Assert.isTrue(!pollTimeout.isNegative() && !pollTimeout.isZero(), "pollTimeout must be positive");
		this.pollTimeout = pollTimeout;
	}

	/** The first wait before reopening the pipe after a read failed; doubles up to {@link #getMaxReconnectBackoff()}. */
	public Duration getReconnectBackoff() {
		return this.reconnectBackoff;
	}

	public void setReconnectBackoff(Duration reconnectBackoff) {
		this.reconnectBackoff = reconnectBackoff;
	}

	public Duration getMaxReconnectBackoff() {
		return this.maxReconnectBackoff;
	}

	public void setMaxReconnectBackoff(Duration maxReconnectBackoff) {
		this.maxReconnectBackoff = maxReconnectBackoff;
	}

	/**
	 * The executor that runs the container's reading and listener threads, or {@code null} for a
	 * new thread per task named after the pipe (the default).
	 */
	public @Nullable AsyncTaskExecutor getTaskExecutor() {
		return this.taskExecutor;
	}

	public void setTaskExecutor(@Nullable AsyncTaskExecutor taskExecutor) {
		this.taskExecutor = taskExecutor;
	}

	/** What observes the container. */
	public List<PipeContainerListener> getContainerListeners() {
		return this.containerListeners;
	}

	public void setContainerListeners(List<PipeContainerListener> containerListeners) {
		this.containerListeners = List.copyOf(containerListeners);
	}

	/**
	 * Whether the default executor (no {@link #setTaskExecutor task executor} set) runs the
	 * listener on virtual threads. The reading thread stays a platform thread either way: it blocks
	 * in native reads, which would pin a virtual thread to its carrier. Requires Java 21 or later.
	 */
	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/** Where each message handled is observed ({@code xpipe.listener}); by default nowhere. */
	public ObservationRegistry getObservationRegistry() {
		return this.observationRegistry;
	}

	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/** The convention of the {@code xpipe.listener} observation, or {@code null} for the default. */
	public @Nullable PipeListenerObservationConvention getObservationConvention() {
		return this.observationConvention;
	}

	public void setObservationConvention(@Nullable PipeListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

}
