package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.PipeCreationException;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a pipe path (or base directory, or a directory above it) that exists and is not something
 * this application may use, with what to change.
 */
class UnsafePipePathFailureAnalyzer extends AbstractFailureAnalyzer<UnsafePipePathException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsafePipePathException cause) {
		PipeCreationException creation = findCause(rootFailure, PipeCreationException.class);
		String name = (creation != null) ? creation.getPipeName() : cause.pipeName();
		String path = (creation != null) ? " at " + creation.getPath() : "";
		String description = String.format("Pipe '%s'%s cannot be used safely: %s%n%nNothing at that path was changed.",
				name, path, cause.getMessage());
		return new FailureAnalysis(description, action(name, cause.getMessage()), cause);
	}

	private static String action(String name, String refusal) {
		if (refusal.contains("XDG_RUNTIME_DIR")) {
			return "XDG_RUNTIME_DIR must be this user's own runtime directory, where the pipes are made by default. "
					+ "Set it to yours (usually /run/user/<your uid>) or unset it, or set xpipe.base-dir to a directory "
					+ "only this user can write to.";
		}
		if (refusal.contains("as a directory for pipes")) {
			return String.format("Every directory above a pipe must belong to root or to this user, and none may be "
					+ "writable by group or others unless it has the sticky bit (as /tmp). Change the directory named "
					+ "above as it says, or choose another location with xpipe.base-dir or xpipe.pipes.%s.path.", name);
		}
		return String.format("If the file is a stale one of yours, remove it. Otherwise choose another "
				+ "location with xpipe.pipes.%s.path, or another xpipe.base-dir that only this user can write to.", name);
	}

}
