package io.github.xpipe.event;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;

/**
 * The decoder of a pipe rejected a frame; the listener goes on with the next one. Published after
 * the frame reached the listener's error handler. Carries the reason and size, never the bytes.
 */
public class PipeFrameRejectedEvent extends PipeEvent {

	private final FrameException exception;

	public PipeFrameRejectedEvent(ManagedPipe pipe, String listenerId, FrameException exception) {
		super(pipe, listenerId);
		this.exception = exception;
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
		return "PipeFrameRejectedEvent[pipe=" + getPipeName() + ", listener=" + getListenerId() + ", reason="
				+ getReason().tag() + ", bytes=" + getByteCount() + "]";
	}

}
