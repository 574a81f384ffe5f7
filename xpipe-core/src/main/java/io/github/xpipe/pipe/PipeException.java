package io.github.xpipe.pipe;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/** A named-pipe operation failed. Every subtype names the pipe it concerns. */
public class PipeException extends IOException {

	private final String pipeName;

	public PipeException(String pipeName, String message) {
		this(pipeName, message, null);
	}

	public PipeException(String pipeName, String message, @Nullable Throwable cause) {
		super("Pipe '" + pipeName + "': " + message, cause);
		this.pipeName = pipeName;
	}

	/** The pipe's name (for a pipe given by path, the last element of that path). */
	public String pipeName() {
		return this.pipeName;
	}

}
