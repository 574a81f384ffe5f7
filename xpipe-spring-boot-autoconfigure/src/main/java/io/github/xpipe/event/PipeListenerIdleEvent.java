package io.github.xpipe.event;

import java.time.Duration;

/**
 * A listener has received no message for {@link #getIdleTime()}. Published every
 * {@code xpipe.listener.idle-event-interval} while the listener stays idle; never when that
 * property is not set.
 */
public class PipeListenerIdleEvent extends PipeEvent {

	private final String listenerId;

	private final Duration idleTime;

	public PipeListenerIdleEvent(Object source, String pipeName, String listenerId, Duration idleTime) {
		super(source, pipeName);
		this.listenerId = listenerId;
		this.idleTime = idleTime;
	}

	/** The id of the idle listener, e.g. to stop it through the {@code PipeListenerEndpointRegistry}. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** How long since the last message (or since the listener started). */
	public Duration getIdleTime() {
		return this.idleTime;
	}

	@Override
	public String toString() {
		return "PipeListenerIdleEvent[pipe=" + getPipeName() + ", listener=" + this.listenerId + ", idleTime="
				+ this.idleTime + "]";
	}

}
