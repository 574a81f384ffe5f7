package io.github.xpipe.stream.binder.properties;

import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/** The xpipe settings of one binding: those used when it consumes and those used when it produces. */
public class XPipeBindingProperties implements BinderSpecificPropertiesProvider {

	private XPipeConsumerProperties consumer = new XPipeConsumerProperties();

	private XPipeProducerProperties producer = new XPipeProducerProperties();

	@Override
	public XPipeConsumerProperties getConsumer() {
		return this.consumer;
	}

	public void setConsumer(XPipeConsumerProperties consumer) {
		this.consumer = consumer;
	}

	@Override
	public XPipeProducerProperties getProducer() {
		return this.producer;
	}

	public void setProducer(XPipeProducerProperties producer) {
		this.producer = producer;
	}

}
