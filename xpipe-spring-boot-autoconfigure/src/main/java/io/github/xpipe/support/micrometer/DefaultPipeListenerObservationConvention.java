package io.github.xpipe.support.micrometer;

import io.github.xpipe.support.micrometer.XPipeObservation.ListenerLowCardinalityTags;
import io.github.xpipe.support.micrometer.XPipeObservation.MessageHighCardinalityTags;
import io.micrometer.common.KeyValues;

/**
 * The default {@link PipeListenerObservationConvention}, keyed as spring-kafka keys its listener
 * observation: low-cardinality {@code xpipe.listener.id}, {@code messaging.system} ({@code xpipe}),
 * {@code messaging.operation} ({@code process}), {@code messaging.source.name} (the pipe),
 * {@code messaging.source.kind} ({@code pipe}) and {@code xpipe.framing}; high-cardinality
 * {@code messaging.message.body.size}. Contextual name {@code <pipe> process}.
 */
public class DefaultPipeListenerObservationConvention implements PipeListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultPipeListenerObservationConvention INSTANCE = new DefaultPipeListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PipeListenerObservationContext context) {
		return KeyValues.of(ListenerLowCardinalityTags.LISTENER_ID.withValue(context.getListenerId()),
				ListenerLowCardinalityTags.MESSAGING_SYSTEM.withValue(XPipeObservation.MESSAGING_SYSTEM),
				ListenerLowCardinalityTags.MESSAGING_OPERATION.withValue("process"),
				ListenerLowCardinalityTags.MESSAGING_SOURCE_NAME.withValue(context.getPipeName()),
				ListenerLowCardinalityTags.MESSAGING_SOURCE_KIND.withValue(XPipeObservation.PIPE_KIND),
				ListenerLowCardinalityTags.FRAMING.withValue(context.getFraming()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PipeListenerObservationContext context) {
		return KeyValues.of(MessageHighCardinalityTags.MESSAGING_MESSAGE_BODY_SIZE
			.withValue(Integer.toString(context.getPayloadSize())));
	}

	@Override
	public String getContextualName(PipeListenerObservationContext context) {
		return context.getPipeName() + " process";
	}

}
