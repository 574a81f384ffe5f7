package io.github.xpipe.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** An {@link ObservationConvention} for the {@code xpipe.template} observation. */
public interface PipeTemplateObservationConvention extends ObservationConvention<PipeTemplateObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PipeTemplateObservationContext;
	}

	@Override
	default String getName() {
		return "xpipe.template";
	}

}
