package io.github.xpipe.listener;

/**
 * A {@link MessageListener} that can be handed a message's payload alone. When it says, once, that
 * it needs nothing but the payload, a container that runs it on the reading thread and observes
 * nothing calls {@link #onPayload} instead of {@link #onMessage}, and builds no {@code Message}: on a
 * pipe that delivers millions of small messages a second, the message is half of what each one
 * allocates. The container still builds the message when the listener fails, for the error handler.
 */
public interface PayloadMessageListener extends MessageListener {

	/**
	 * Whether {@link #onPayload} may stand for {@link #onMessage} for every message: the listener
	 * reads no header. Asked once, when the container is created.
	 */
	boolean takesPayloadOnly();

	/**
	 * Handles one message given as its payload, with the contract of {@link #onMessage}: an
	 * exception goes to the container's {@link PipeListenerErrorHandler}.
	 * @param payload the decoded frame
	 * @throws Exception whatever the listener throws
	 */
	void onPayload(byte[] payload) throws Exception;

}
