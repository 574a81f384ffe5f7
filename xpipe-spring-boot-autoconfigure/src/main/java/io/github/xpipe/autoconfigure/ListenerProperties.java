package io.github.xpipe.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/** Settings of all listener containers: the properties under {@code xpipe.listener}. */
public class ListenerProperties {

	/**
	 * Longest a stopping listener waits for the messages it already read to be handled; a
	 * blocked read is cancelled at once. Keep it below spring.lifecycle.timeout-per-shutdown-phase.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/** Number of threads invoking each listener that sets no concurrency; above 1 messages are handled out of order. */
	private int concurrency = 1;

	/** Whether listeners that do not say otherwise start with the application. */
	private boolean autoStartup = true;

	/**
	 * How long a listener may receive no message before a PipeListenerIdleEvent is published,
	 * and again every such interval while it stays idle; checked about once a second. Not set:
	 * no idle events.
	 */
	private @Nullable Duration idleEventInterval;

	/** Whether each message a listener handles is observed ('xpipe.listener'), given an ObservationRegistry. */
	private boolean observationEnabled;

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		Assert.isTrue(!shutdownTimeout.isNegative(), "must not be negative");
		this.shutdownTimeout = shutdownTimeout;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, "must be at least 1");
		this.concurrency = concurrency;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public @Nullable Duration getIdleEventInterval() {
		return this.idleEventInterval;
	}

	public void setIdleEventInterval(@Nullable Duration idleEventInterval) {
		Assert.isTrue(idleEventInterval == null || (!idleEventInterval.isNegative() && !idleEventInterval.isZero()),
				"must be positive");
		this.idleEventInterval = idleEventInterval;
	}

	public boolean isObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

}
