package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.PipeDirectoryNotWritableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a pipe that cannot be created because its directory is not writable. */
class PipeDirectoryNotWritableFailureAnalyzer extends AbstractFailureAnalyzer<PipeDirectoryNotWritableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeDirectoryNotWritableException cause) {
		String description = String.format("Pipe '%s' cannot be created at %s: directory %s is not writable by user '%s'.",
				cause.getPipeName(), cause.getPath(), cause.getDirectory(), System.getProperty("user.name"));
		String action = String.format("Make %s writable by this user, or set xpipe.base-dir (for all pipes) or "
				+ "xpipe.pipes.%s.path to a location it can write to.", cause.getDirectory(), cause.getPipeName());
		return new FailureAnalysis(description, action, cause);
	}

}
