package io.github.xpipe.event;

import io.github.xpipe.codec.FrameException;

/**
 * The decoder of a pipe rejected a frame; the listener goes on with the next one. Carries the
 * reason and the size, never the bytes.
 */
public class PipeFrameRejectedEvent extends PipeEvent {

	private final String listenerId;

	private final FrameException exception;

	public PipeFrameRejectedEvent(Object source, String pipeName, String listenerId, FrameException exception) {
		super(source, pipeName);
		this.listenerId = listenerId;
		this.exception = exception;
	}

	/** The id of the listener reading the pipe. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** Why the frame was rejected. */
	public FrameException.Reason getReason() {
		return this.exception.reason();
	}

	/** The size of the rejected frame or of the input discarded with it. */
	public long getByteCount() {
		return this.exception.byteCount();
	}

	/** The error, as the error handler received it. */
	public FrameException getException() {
		return this.exception;
	}

	@Override
	public String toString() {
		return "PipeFrameRejectedEvent[pipe=" + getPipeName() + ", listener=" + this.listenerId + ", reason="
				+ getReason().tag() + ", bytes=" + getByteCount() + "]";
	}

}
