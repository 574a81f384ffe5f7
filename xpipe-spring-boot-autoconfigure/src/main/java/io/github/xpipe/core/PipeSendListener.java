package io.github.xpipe.core;

/**
 * Told of each message the {@link XPipeTemplate} sent or failed to send, e.g. for metrics or
 * health. Called on the sending thread: keep it quick and do not throw. Beans of this type are
 * added to the auto-configured template.
 */
public interface PipeSendListener {

	/** A message of {@code size} bytes was written to the pipe. */
	default void messageSent(String pipeName, int size) {
	}

	/**
	 * Messages written to the pipe together, told after {@link #messageSent} was told of each:
	 * once per batch of replies (see {@link SendBatch}), once per message otherwise. The cheap way
	 * to count them.
	 */
	default void messagesSent(String pipeName, int messages, long bytes) {
	}

	/** A message of {@code size} bytes could not be sent; the template throws a {@link PipeSendException}. */
	default void sendFailed(String pipeName, int size, Exception error) {
	}

}
