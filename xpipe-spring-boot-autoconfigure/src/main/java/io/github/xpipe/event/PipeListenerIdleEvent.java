package io.github.xpipe.event;

import java.time.Duration;

import io.github.xpipe.core.ManagedPipe;

/**
 * A listener has received no message for {@link #getIdleTime()}. Published every
 * {@code xpipe.listener.idle-event-interval} while the listener stays idle; never when that
 * property is not set.
 */
public class PipeListenerIdleEvent extends PipeEvent {

	private final Duration idleTime;

	public PipeListenerIdleEvent(ManagedPipe pipe, String listenerId, Duration idleTime) {
		super(pipe, listenerId);
		this.idleTime = idleTime;
	}

	/** How long since the last message (or since the listener started). */
	public Duration getIdleTime() {
		return this.idleTime;
	}

	@Override
	public String toString() {
		return "PipeListenerIdleEvent[pipe=" + getPipeName() + ", listener=" + getListenerId() + ", idleTime="
				+ this.idleTime + "]";
	}

}
