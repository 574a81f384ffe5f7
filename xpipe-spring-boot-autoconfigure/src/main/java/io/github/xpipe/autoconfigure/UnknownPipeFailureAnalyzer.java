package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.UnknownPipeException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a listener, {@code @SendTo} or send naming a pipe that is not declared. */
class UnknownPipeFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPipeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownPipeException cause) {
		String name = cause.getPipeName();
		String declared = cause.getDeclaredPipes().isEmpty() ? "none (nothing is declared under xpipe.pipes)"
				: String.join(", ", cause.getDeclaredPipes());
		String direction = cause.getReferencedBy().startsWith("@PipeListener") ? "inbound" : "outbound";
		String description = String.format("Pipe '%s' named by %s is not declared.%n%nDeclared pipes: %s", name,
				cause.getReferencedBy(), declared);
		String action = String.format("Declare the pipe, for example with the property%n%n    xpipe.pipes.%s.direction=%s%n%n"
				+ "or correct the name to one of the declared pipes.", name, direction);
		return new FailureAnalysis(description, action, cause);
	}

}
