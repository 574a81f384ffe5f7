package io.github.xpipe.core;

import org.jspecify.annotations.Nullable;

/**
 * A declared pipe with {@code create: true} could not be created at startup. The cause says why,
 * e.g. an {@link io.github.xpipe.pipe.UnsafePipePathException} when the path exists and is not a
 * pipe this application may use.
 */
public class PipeCreationException extends XPipeException {

	private final String path;

	public PipeCreationException(String pipeName, String path, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
		this.path = path;
	}

	/** The operating-system path of the pipe. */
	public String getPath() {
		return this.path;
	}

}
