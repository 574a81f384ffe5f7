package io.github.xpipe.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** An {@link ObservationConvention} for the {@code xpipe.listener} observation. */
public interface PipeListenerObservationConvention extends ObservationConvention<PipeListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PipeListenerObservationContext;
	}

	@Override
	default String getName() {
		return "xpipe.listener";
	}

}
