package io.github.xpipe.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains pipes declared at run time that differ from those processed ahead of time. */
class PipesChangedSinceAotProcessingFailureAnalyzer extends AbstractFailureAnalyzer<PipesChangedSinceAotProcessingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PipesChangedSinceAotProcessingException cause) {
		String description = cause.getMessage() + ".";
		String action = String.format("Declare the same pipe names (xpipe.pipes.<name>) in the configuration the"
				+ " build reads when it processes the application ahead of time (e.g. application.yml, or the"
				+ " profiles given to spring-boot:process-aot) and build again, or start the application without"
				+ " -Dspring.aot.enabled=true.%nThe settings of the pipes processed at build time (direction, path,"
				+ " framing and the others) may change at run time; only the set of names is fixed.");
		return new FailureAnalysis(description, action, cause);
	}

}
