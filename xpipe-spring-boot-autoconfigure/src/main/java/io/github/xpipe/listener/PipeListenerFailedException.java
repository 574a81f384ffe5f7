package io.github.xpipe.listener;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.XPipeException;

/**
 * A message could not be handled by a listener: the listener threw, or the frame was rejected by
 * the pipe's decoder ({@link #isRejectedFrame()}). The cause is the original error.
 */
public class PipeListenerFailedException extends XPipeException {

	private final String listenerId;

	private final long messageSize;

	public PipeListenerFailedException(String pipeName, String listenerId, long messageSize, Throwable cause) {
		super(pipeName, describe(pipeName, listenerId, messageSize, cause), cause);
		this.listenerId = listenerId;
		this.messageSize = messageSize;
	}

	/** The id of the listener. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** The size in bytes of the message, or of the rejected frame or input discarded with it. */
	public long getMessageSize() {
		return this.messageSize;
	}

	/** Whether the pipe's decoder rejected a frame (the cause is then a {@link FrameException}). */
	public boolean isRejectedFrame() {
		return getCause() instanceof FrameException;
	}

	private static String describe(String pipeName, String listenerId, long messageSize, Throwable cause) {
		if (cause instanceof FrameException frame) {
			return "Pipe '" + pipeName + "', listener '" + listenerId + "': rejected a frame (" + frame.reason().tag()
					+ ", " + messageSize + " bytes): " + cause.getMessage();
		}
		return "Pipe '" + pipeName + "', listener '" + listenerId + "': the listener failed on a message of "
				+ messageSize + " bytes: " + cause;
	}

}
