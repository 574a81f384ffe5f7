package io.github.xpipe.event;

import org.springframework.context.ApplicationEvent;

/**
 * Something that happened on a declared pipe. The source is the pipe's
 * {@link io.github.xpipe.core.ManagedPipe}, or its name when the pipe is not a declared one.
 */
public abstract class PipeEvent extends ApplicationEvent {

	private final String pipeName;

	protected PipeEvent(Object source, String pipeName) {
		super(source);
		this.pipeName = pipeName;
	}

	/** The declared name of the pipe. */
	public String getPipeName() {
		return this.pipeName;
	}

}
