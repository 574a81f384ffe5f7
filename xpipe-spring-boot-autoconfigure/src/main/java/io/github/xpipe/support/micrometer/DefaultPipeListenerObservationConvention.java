package io.github.xpipe.support.micrometer;

import io.github.xpipe.support.micrometer.XPipeObservation.PipeLowCardinalityTags;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PipeListenerObservationConvention}: tags {@code pipe}, {@code framing} and
 * {@code outcome}; contextual name {@code <pipe> receive}.
 */
public class DefaultPipeListenerObservationConvention implements PipeListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultPipeListenerObservationConvention INSTANCE = new DefaultPipeListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeListenerObservationContext context) {
		return KeyValues.of(PipeLowCardinalityTags.PIPE.withValue(context.getPipeName()),
				PipeLowCardinalityTags.FRAMING.withValue(context.getFraming()),
				PipeLowCardinalityTags.OUTCOME.withValue(Outcomes.of(context)));
	}

	@Override
	public String getContextualName(PipeListenerObservationContext context) {
		return context.getPipeName() + " receive";
	}

}
