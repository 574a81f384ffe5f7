package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** The pipe is in use: on Windows, another process owns the name or all instances are busy. */
public class PipeBusyException extends PipeException {

	public PipeBusyException(String pipeName, String message) {
		super(pipeName, message);
	}

	public PipeBusyException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
