package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** An open or a connect did not complete within its timeout, e.g. a write end found no reader. */
public class PipeTimeoutException extends PipeException {

	public PipeTimeoutException(String pipeName, String message) {
		super(pipeName, message);
	}

	public PipeTimeoutException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
