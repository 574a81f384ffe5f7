package io.github.xpipe.listener;

import org.springframework.messaging.Message;

/**
 * Receives the messages a {@link PipeListenerContainer} reads. The payload is the decoded frame; the
 * headers are those of {@link io.github.xpipe.support.XPipeHeaders}.
 */
@FunctionalInterface
public interface MessageListener {

	/**
	 * Handles one message. An exception goes to the container's {@link PipeListenerErrorHandler};
	 * the message is not redelivered.
	 */
	void onMessage(Message<byte[]> message) throws Exception;

}
