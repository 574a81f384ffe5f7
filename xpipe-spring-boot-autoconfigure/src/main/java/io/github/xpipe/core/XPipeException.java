package io.github.xpipe.core;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedRuntimeException;

/**
 * Base class of the unchecked exceptions the Spring side of xpipe throws. Each names the pipe it
 * concerns; the plain-Java cause, if any, is kept as the cause.
 */
public class XPipeException extends NestedRuntimeException {

	private final String pipeName;

	public XPipeException(String pipeName, String message) {
		this(pipeName, message, null);
	}

	public XPipeException(String pipeName, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.pipeName = pipeName;
	}

	/** The name of the pipe this exception concerns. */
	public String getPipeName() {
		return this.pipeName;
	}

}
