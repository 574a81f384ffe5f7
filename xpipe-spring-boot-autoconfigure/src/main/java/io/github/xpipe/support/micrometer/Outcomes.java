package io.github.xpipe.support.micrometer;

import io.micrometer.observation.Observation;

/** The {@code outcome} tag value of an observation. */
final class Outcomes {

	static final String SUCCESS = "success";

	static final String FAILURE = "failure";

	private Outcomes() {
	}

	static String of(Observation.Context context) {
		return (context.getError() != null) ? FAILURE : SUCCESS;
	}

}
