package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** The pipe end was closed, possibly by another thread while an operation was blocked in it. */
public class PipeClosedException extends PipeException {

	public PipeClosedException(String pipeName, String message) {
		super(pipeName, message);
	}

	public PipeClosedException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
