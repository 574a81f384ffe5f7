package io.github.xpipe.integration.dsl;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.dsl.MessageProducerSpec;
import org.springframework.messaging.converter.MessageConverter;

/** The Java DSL spec of a {@link PipeInboundChannelAdapter}. */
public class PipeInboundChannelAdapterSpec
		extends MessageProducerSpec<PipeInboundChannelAdapterSpec, PipeInboundChannelAdapter> {

	/** A spec of an adapter reading this pipe through a container of this factory. */
	protected PipeInboundChannelAdapterSpec(PipeListenerContainerFactory<?> containerFactory, String pipe) {
		super(new PipeInboundChannelAdapter(containerFactory, pipe));
	}

	/** @see PipeInboundChannelAdapter#setListenerId */
	public PipeInboundChannelAdapterSpec listenerId(String listenerId) {
		this.target.setListenerId(listenerId);
		return this;
	}

	/** @see PipeInboundChannelAdapter#setConcurrency */
	public PipeInboundChannelAdapterSpec concurrency(int concurrency) {
		this.target.setConcurrency(concurrency);
		return this;
	}

	/** @see PipeInboundChannelAdapter#setListenerErrorHandler */
	public PipeInboundChannelAdapterSpec listenerErrorHandler(@Nullable PipeListenerErrorHandler errorHandler) {
		this.target.setListenerErrorHandler(errorHandler);
		return this;
	}

	/** @see PipeInboundChannelAdapter#setPayloadType */
	public PipeInboundChannelAdapterSpec payloadType(Class<?> payloadType) {
		this.target.setPayloadType(payloadType);
		return this;
	}

	/** @see PipeInboundChannelAdapter#setMessageConverter */
	public PipeInboundChannelAdapterSpec messageConverter(MessageConverter messageConverter) {
		this.target.setMessageConverter(messageConverter);
		return this;
	}

}
