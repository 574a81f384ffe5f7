package io.github.xpipe.event;

import java.time.Duration;

/**
 * The listener of a pipe has received no message for {@link #getIdleTime()}. Published every
 * {@code xpipe.listener.idle-event-interval} while the listener stays idle, checked each time a read
 * ends (every poll timeout, a second by default); never when that property is not set.
 */
public class PipeListenerIdleEvent extends PipeEvent {

	private final Duration idleTime;

	public PipeListenerIdleEvent(Object source, String pipeName, Duration idleTime) {
		super(source, pipeName);
		this.idleTime = idleTime;
	}

	/** How long since the last message (or since the listener started reading). */
	public Duration getIdleTime() {
		return this.idleTime;
	}

	@Override
	public String toString() {
		return "PipeListenerIdleEvent[pipe=" + getPipeName() + ", idleTime=" + this.idleTime + "]";
	}

}
