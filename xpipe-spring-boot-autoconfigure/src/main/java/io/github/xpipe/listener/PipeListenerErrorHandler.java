package io.github.xpipe.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * Handles what went wrong in a listener container: an exception thrown by the listener, or a frame
 * the pipe's decoder rejected (the cause is then a {@link io.github.xpipe.codec.FrameException}:
 * CRC mismatch, invalid Base64, too large, malformed, truncated).
 *
 * <p>Either way the container goes on with the next message once this returns; nothing is
 * redelivered. An exception thrown from here is logged and does not stop the container.
 */
@FunctionalInterface
public interface PipeListenerErrorHandler {

	/**
	 * @param exception names the pipe, the listener and the message size; its cause is the error
	 * @param message the message the listener failed on, or {@code null} for a rejected frame
	 */
	void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message);

}
