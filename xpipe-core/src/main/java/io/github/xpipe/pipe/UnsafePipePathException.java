package io.github.xpipe.pipe;

import org.jspecify.annotations.Nullable;

/** Refused for safety: the pipe's path (or its base directory) exists and is not something this process may use: a regular file, a symlink, a FIFO owned by another user, or a directory other users can write to. Nothing at that path was changed. */
public class UnsafePipePathException extends PipeException {

	public UnsafePipePathException(String pipeName, String message) {
		super(pipeName, message);
	}

	public UnsafePipePathException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
