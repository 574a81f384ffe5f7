package io.github.xpipe.support.micrometer;

import io.github.xpipe.support.micrometer.XPipeObservation.MessageHighCardinalityTags;
import io.github.xpipe.support.micrometer.XPipeObservation.TemplateLowCardinalityTags;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PipeTemplateObservationConvention}, keyed as spring-kafka keys its template
 * observation: low-cardinality {@code messaging.system} ({@code xpipe}), {@code messaging.operation}
 * ({@code publish}), {@code messaging.destination.name} (the pipe), {@code messaging.destination.kind}
 * ({@code pipe}) and {@code xpipe.framing}; high-cardinality {@code messaging.message.body.size}.
 * Contextual name {@code <pipe> send}.
 */
public class DefaultPipeTemplateObservationConvention implements PipeTemplateObservationConvention {

	/** A shared instance. */
	public static final DefaultPipeTemplateObservationConvention INSTANCE = new DefaultPipeTemplateObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeTemplateObservationContext context) {
		return KeyValues.of(TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue(XPipeObservation.MESSAGING_SYSTEM),
				TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue("publish"),
				TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getPipeName()),
				TemplateLowCardinalityTags.MESSAGING_DESTINATION_KIND.withValue(XPipeObservation.PIPE_KIND),
				TemplateLowCardinalityTags.FRAMING.withValue(context.getFraming()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PipeTemplateObservationContext context) {
		return KeyValues.of(MessageHighCardinalityTags.MESSAGING_MESSAGE_BODY_SIZE
			.withValue(Integer.toString(context.getPayloadSize())));
	}

	@Override
	public String getContextualName(PipeTemplateObservationContext context) {
		return context.getPipeName() + " send";
	}

}
