package io.github.xpipe.support.micrometer;

import io.github.xpipe.support.micrometer.XPipeObservation.PipeLowCardinalityTags;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PipeTemplateObservationConvention}: tags {@code pipe}, {@code framing} and
 * {@code outcome}; contextual name {@code <pipe> send}.
 */
public class DefaultPipeTemplateObservationConvention implements PipeTemplateObservationConvention {

	/** A shared instance. */
	public static final DefaultPipeTemplateObservationConvention INSTANCE = new DefaultPipeTemplateObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeTemplateObservationContext context) {
		return KeyValues.of(PipeLowCardinalityTags.PIPE.withValue(context.getPipeName()),
				PipeLowCardinalityTags.FRAMING.withValue(context.getFraming()),
				PipeLowCardinalityTags.OUTCOME.withValue(Outcomes.of(context)));
	}

	@Override
	public String getContextualName(PipeTemplateObservationContext context) {
		return context.getPipeName() + " send";
	}

}
