package io.github.xpipe.stream.binder;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import io.github.xpipe.integration.outbound.PipeMessageHandler;
import io.github.xpipe.stream.binder.properties.XPipeBinderConfigurationProperties;
import io.github.xpipe.stream.binder.properties.XPipeConsumerProperties;
import io.github.xpipe.stream.binder.properties.XPipeExtendedBindingProperties;
import io.github.xpipe.stream.binder.properties.XPipeProducerProperties;
import io.github.xpipe.stream.binder.provisioning.XPipeDestination;
import io.github.xpipe.stream.binder.provisioning.XPipeProvisioner;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.EmbeddedHeaderUtils;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.binder.HeaderMode;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.core.MessageProducer;
import org.springframework.integration.support.management.IntegrationManagement;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The Spring Cloud Stream binder of xpipe: each binding reads or writes a named pipe, its
 * destination, provisioned by the {@link XPipeProvisioner}. A consumer binding reads through a
 * {@link io.github.xpipe.integration.inbound.PipeInboundChannelAdapter PipeInboundChannelAdapter} on
 * xpipe's listener container, a producer binding writes through a {@link PipeMessageHandler} on the
 * application's {@link XPipeOperations}.
 *
 * <p>A pipe carries payloads only: the bytes of each message are one frame of the pipe's framing,
 * exactly as a Python peer or {@code @PipeListener} reads them. With {@code header-mode:
 * embedded-headers} on both ends, the payload carries some headers too (see the
 * {@linkplain io.github.xpipe.stream.binder package description} for the bytes).
 *
 * <p>Errors: a consumer whose handling of a message fails (after its {@code max-attempts}) sends an
 * {@link org.springframework.messaging.support.ErrorMessage ErrorMessage} to the binding's error
 * channel (named by Spring Cloud Stream {@code <binder identity>.<binding>.errors}, e.g.
 * {@code xpipe-1234.uppercase-in-0.errors}) and from there to the global {@code errorChannel}; the message is not read again, a pipe has no
 * redelivery. A producer with {@code sync: false} and {@code error-channel-enabled: true} sends its
 * failed sends to its binding's error channel.
 */
public class XPipeMessageChannelBinder extends
		AbstractMessageChannelBinder<ExtendedConsumerProperties<XPipeConsumerProperties>, ExtendedProducerProperties<XPipeProducerProperties>, XPipeProvisioner>
		implements ExtendedPropertiesBinder<MessageChannel, XPipeConsumerProperties, XPipeProducerProperties> {

	private final PipeListenerContainerFactory<?> containerFactory;

	private final XPipeOperations operations;

	private final XPipeBinderConfigurationProperties configuration;

	private XPipeExtendedBindingProperties extendedBindingProperties = new XPipeExtendedBindingProperties();

	private @Nullable ObservationRegistry observationRegistry;

	private final Map<String, BoundPipe> boundPipes = new ConcurrentHashMap<>();

	/**
	 * @param configuration the binder's settings
	 * @param provisioner provisions the pipe of each binding
	 * @param containerFactory creates the listener containers of consumer bindings
	 * @param operations sends the messages of producer bindings
	 */
	public XPipeMessageChannelBinder(XPipeBinderConfigurationProperties configuration, XPipeProvisioner provisioner,
			PipeListenerContainerFactory<?> containerFactory, XPipeOperations operations) {
		super(EmbeddedHeaderUtils.headersToEmbed(configuration.getHeaders()), provisioner);
		this.configuration = configuration;
		this.containerFactory = containerFactory;
		this.operations = operations;
	}

	public void setExtendedBindingProperties(XPipeExtendedBindingProperties extendedBindingProperties) {
		this.extendedBindingProperties = extendedBindingProperties;
	}

	/**
	 * The registry bindings are observed through when {@code spring.cloud.stream.xpipe.binder.observation-enabled}
	 * is set; {@code null} for none.
	 */
	public void setObservationRegistry(@Nullable ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/** {@code xpipe-} and a number, as the other binders do: the prefix of the bindings' error channels. */
	@Override
	public String getBinderIdentity() {
		return "xpipe-" + super.getBinderIdentity();
	}

	@Override
	public XPipeConsumerProperties getExtendedConsumerProperties(String channelName) {
		return this.extendedBindingProperties.getExtendedConsumerProperties(channelName);
	}

	@Override
	public XPipeProducerProperties getExtendedProducerProperties(String channelName) {
		return this.extendedBindingProperties.getExtendedProducerProperties(channelName);
	}

	@Override
	public String getDefaultsPrefix() {
		return this.extendedBindingProperties.getDefaultsPrefix();
	}

	@Override
	public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
		return this.extendedBindingProperties.getExtendedPropertiesEntryClass();
	}

	/** The pipes of the current bindings, by binding name. */
	public Collection<BoundPipe> getBoundPipes() {
		return List.copyOf(this.boundPipes.values());
	}

	@Override
	protected MessageHandler createProducerMessageHandler(ProducerDestination destination,
			ExtendedProducerProperties<XPipeProducerProperties> producerProperties, @Nullable MessageChannel errorChannel) {
		PipeMessageHandler handler = new XPipeBindingMessageHandler(this.operations, destination.getName(),
				producerProperties.getExtension().isSync());
		if (errorChannel != null) {
			handler.setSendFailureChannel(errorChannel);
		}
		handler.setBeanFactory(getBeanFactory());
		this.boundPipes.put(producerProperties.getBindingName(),
				new BoundPipe(producerProperties.getBindingName(), (XPipeDestination) destination, null));
		return handler;
	}

	@Override
	protected void postProcessOutputChannel(MessageChannel outputChannel,
			ExtendedProducerProperties<XPipeProducerProperties> producerProperties) {
		ObservationRegistry registry = this.observationRegistry;
		if (this.configuration.isObservationEnabled() && registry != null
				&& outputChannel instanceof IntegrationManagement observable) {
			// the channel's observation puts the trace context in the message, before it is embedded
			observable.registerObservationRegistry(registry);
		}
	}

	@Override
	protected MessageProducer createConsumerEndpoint(ConsumerDestination destination, String group,
			ExtendedConsumerProperties<XPipeConsumerProperties> properties) {
		ErrorInfrastructure errors = registerErrorInfrastructure(destination, group, properties);
		RetryTemplate retry = (properties.getMaxAttempts() > 1) ? buildRetryTemplate(properties) : null;
		XPipeBindingInboundChannelAdapter adapter = new XPipeBindingInboundChannelAdapter(this.containerFactory,
				destination.getName(), properties.getHeaderMode() == HeaderMode.embeddedHeaders, retry,
				errors.getErrorChannel());
		adapter.setListenerId("xpipe-binder-" + properties.getBindingName());
		adapter.setConcurrency(properties.getConcurrency());
		adapter.setBatchMode(properties.isBatchMode());
		adapter.setBeanFactory(getBeanFactory());
		ObservationRegistry registry = this.observationRegistry;
		if (this.configuration.isObservationEnabled() && registry != null) {
			adapter.registerObservationRegistry(registry);
		}
		this.boundPipes.put(properties.getBindingName(),
				new BoundPipe(properties.getBindingName(), (XPipeDestination) destination, adapter));
		return adapter;
	}

	@Override
	protected void afterUnbindConsumer(ConsumerDestination destination, String group,
			ExtendedConsumerProperties<XPipeConsumerProperties> consumerProperties) {
		this.boundPipes.remove(consumerProperties.getBindingName());
	}

	@Override
	protected void afterUnbindProducer(ProducerDestination destination,
			ExtendedProducerProperties<XPipeProducerProperties> producerProperties) {
		this.boundPipes.remove(producerProperties.getBindingName());
	}

	/**
	 * The pipe of a binding.
	 *
	 * @param bindingName the binding's name, e.g. {@code uppercase-in-0}
	 * @param destination its pipe
	 * @param consumerEndpoint the endpoint reading it, {@code null} for a producer binding
	 */
	public record BoundPipe(String bindingName, XPipeDestination destination,
			@Nullable PipeInboundChannelAdapter consumerEndpoint) {
	}

}
