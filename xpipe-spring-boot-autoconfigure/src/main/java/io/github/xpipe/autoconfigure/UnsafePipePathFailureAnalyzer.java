package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.PipeCreationException;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a pipe path (or base directory) that exists and is not something this application may use. */
class UnsafePipePathFailureAnalyzer extends AbstractFailureAnalyzer<UnsafePipePathException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafePipePathException cause) {
		PipeCreationException creation = findCause(rootFailure, PipeCreationException.class);
		String name = (creation != null) ? creation.getPipeName() : cause.pipeName();
		String path = (creation != null) ? " at " + creation.getPath() : "";
		String description = String.format("Pipe '%s'%s cannot be used safely: %s%n%nNothing at that path was changed.",
				name, path, cause.getMessage());
		String action = String.format("If the file is a stale one of yours, remove it. Otherwise choose another "
				+ "location with xpipe.pipes.%s.path, or another xpipe.base-dir that only this user can write to.", name);
		return new FailureAnalysis(description, action, cause);
	}

}
