package io.github.xpipe.autoconfigure;

import java.util.Locale;

import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.pipe.PipeDirection;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a listener on an outbound pipe, or a {@code @SendTo} an inbound pipe. */
class PipeDirectionFailureAnalyzer extends AbstractFailureAnalyzer<PipeDirectionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipeDirectionException cause) {
		String name = cause.getPipeName();
		String required = cause.getRequiredDirection().name().toLowerCase(Locale.ROOT);
		String description = cause.getMessage() + ".";
		String alternative = (cause.getRequiredDirection() == PipeDirection.INBOUND)
				? "or make the listener read an inbound pipe" : "or send to an outbound pipe";
		String action = String.format("If this application should %s pipe '%s', set%n%n    xpipe.pipes.%s.direction=%s%n%n%s.",
				(cause.getRequiredDirection() == PipeDirection.INBOUND) ? "read" : "write", name, name, required,
				alternative);
		return new FailureAnalysis(description, action, cause);
	}

}
