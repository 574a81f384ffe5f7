package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** The other end went away: a write found no reader (EPIPE, ERROR_NO_DATA, ERROR_BROKEN_PIPE). */
public class BrokenPipeException extends PipeException {

	public BrokenPipeException(String pipeName, String message) {
		super(pipeName, message);
	}

	public BrokenPipeException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
