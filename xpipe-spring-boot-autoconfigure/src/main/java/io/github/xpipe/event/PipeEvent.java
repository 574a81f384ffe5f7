package io.github.xpipe.event;

import io.github.xpipe.core.ManagedPipe;

import org.springframework.context.ApplicationEvent;

/** Something that happened on a declared pipe; the source is its {@link ManagedPipe}. */
public abstract class PipeEvent extends ApplicationEvent {

	private final String listenerId;

	protected PipeEvent(ManagedPipe pipe, String listenerId) {
		super(pipe);
		this.listenerId = listenerId;
	}

	/** The pipe. */
	public ManagedPipe getPipe() {
		return (ManagedPipe) getSource();
	}

	/** The declared name of the pipe. */
	public String getPipeName() {
		return getPipe().getName();
	}

	/** The id of the listener reading the pipe. */
	public String getListenerId() {
		return this.listenerId;
	}

}
