package io.github.xpipe.listener;

import org.springframework.context.SmartLifecycle;

/**
 * Reads one pipe and hands each message to a {@link MessageListener}. Started late (after the
 * context is ready, when pipes exist) and stopped early, gracefully: a stop cancels a blocked read,
 * delivers the messages already read, and is bounded by the shutdown timeout.
 */
public interface PipeListenerContainer extends SmartLifecycle {

	/** The phase of listener containers: late, so they start last and stop first. */
	int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	/** The id of the listener this container runs. */
	String getListenerId();

	/** The declared name of the pipe it reads. */
	String getPipeName();

	@Override
	default int getPhase() {
		return DEFAULT_PHASE;
	}

}
