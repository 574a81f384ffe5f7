package io.github.xpipe.core;

import java.nio.file.Path;

/** The directory a pipe is to be created in (usually {@code xpipe.base-dir}) cannot be written by this user. */
public class PipeDirectoryNotWritableException extends PipeCreationException {

	private final Path directory;

	public PipeDirectoryNotWritableException(String pipeName, String path, Path directory) {
		super(pipeName, path, "Cannot create pipe '" + pipeName + "' at " + path + ": directory " + directory
				+ " is not writable by this user", null);
		this.directory = directory;
	}

	/** The directory that is not writable (the nearest existing one on the way to the pipe). */
	public Path getDirectory() {
		return this.directory;
	}

}
