package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** The pipe does not exist: nothing at its path, or no server owns the Windows pipe name. */
public class PipeNotFoundException extends PipeException {

	public PipeNotFoundException(String pipeName, String message) {
		super(pipeName, message);
	}

	public PipeNotFoundException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
