package io.github.xpipe.integration.inbound;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.config.SimplePipeListenerEndpoint;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * An inbound channel adapter that sends every message read from a pipe to its output channel. It
 * reads through a listener container of the given {@link PipeListenerContainerFactory} (the
 * application's, with its concurrency, shutdown timeout, observation and container listeners), which
 * it creates when it is initialised and starts and stops with itself: the pipe must exist by then,
 * declared under {@code xpipe.pipes} or {@linkplain io.github.xpipe.core.PipeRegistry#provision
 * provisioned}, and be inbound.
 *
 * <p>Each message is the container's: a {@code byte[]} payload, the decoded frame, with the
 * {@link XPipeHeaders} (the pipe, its charset, when it was received); with a
 * {@linkplain #setPayloadType payload type} the payload is converted first. The message is sent on
 * the container's listener thread. When sending it fails (a handler downstream of a direct channel
 * threw), the failure goes to the {@linkplain #setErrorChannel error channel} as an
 * {@link org.springframework.messaging.support.ErrorMessage ErrorMessage}, or, without one, to the
 * container's {@link PipeListenerErrorHandler} (by default it logs). Either way the message is not
 * read again: a pipe has no redelivery.
 */
public class PipeInboundChannelAdapter extends MessageProducerSupport {

	private final PipeListenerContainerFactory<?> containerFactory;

	private final String pipeName;

	private @Nullable String listenerId;

	private @Nullable Integer concurrency;

	private @Nullable PipeListenerErrorHandler listenerErrorHandler;

	private @Nullable Class<?> payloadType;

	private MessageConverter messageConverter = XPipeMessageConverter.withDefaults(null);

	private @Nullable PipeListenerContainer container;

	/**
	 * An adapter reading this pipe through a container of this factory.
	 * @param containerFactory the factory of the container, typically the auto-configured one
	 * @param pipeName the name of an inbound pipe of the
	 * {@link io.github.xpipe.core.PipeRegistry PipeRegistry}
	 */
	public PipeInboundChannelAdapter(PipeListenerContainerFactory<?> containerFactory, String pipeName) {
		Assert.notNull(containerFactory, "containerFactory must not be null");
		Assert.hasText(pipeName, "pipeName must not be empty");
		this.containerFactory = containerFactory;
		this.pipeName = pipeName;
	}

	/** The name of the pipe this adapter reads. */
	public String getPipeName() {
		return this.pipeName;
	}

	/**
	 * The id of the container's listener, unique in the application; it names the container's
	 * threads and observations. Default: {@code integration-<pipe>}.
	 */
	public void setListenerId(String listenerId) {
		Assert.hasText(listenerId, "listenerId must not be empty");
		this.listenerId = listenerId;
	}

	/** The id of the container's listener. */
	public String getListenerId() {
		return (this.listenerId != null) ? this.listenerId : "integration-" + this.pipeName;
	}

	/**
	 * How many threads hand messages on; {@code null} for the container factory's default. More than
	 * one sends messages in parallel, so out of order.
	 */
	public void setConcurrency(@Nullable Integer concurrency) {
		Assert.isTrue(concurrency == null || concurrency >= 1, () -> "concurrency must be at least 1, was " + concurrency);
		this.concurrency = concurrency;
	}

	/**
	 * The container's error handler, which gets the failures no {@linkplain #setErrorChannel error
	 * channel} took; {@code null} (the default) for the container factory's.
	 */
	public void setListenerErrorHandler(@Nullable PipeListenerErrorHandler listenerErrorHandler) {
		this.listenerErrorHandler = listenerErrorHandler;
	}

	/**
	 * The payload type of the messages sent: each frame is converted to it by the
	 * {@linkplain #setMessageConverter message converter}. Default: {@code null}, the frame's
	 * {@code byte[]} as is. A frame that cannot be converted is a failure like any other (see the
	 * class description).
	 */
	public void setPayloadType(@Nullable Class<?> payloadType) {
		this.payloadType = payloadType;
	}

	/**
	 * The converter of frames to the {@linkplain #setPayloadType payload type}, typically the
	 * application's {@link XPipeMessageConverter}. Default: one that converts to {@code byte[]} and
	 * {@code String} (in the pipe's charset) only.
	 */
	public void setMessageConverter(MessageConverter messageConverter) {
		Assert.notNull(messageConverter, "messageConverter must not be null");
		this.messageConverter = messageConverter;
	}

	/** The listener container, once the adapter was initialised. */
	public @Nullable PipeListenerContainer getContainer() {
		return this.container;
	}

	@Override
	public String getComponentType() {
		return "xpipe:inbound-channel-adapter";
	}

	/**
	 * Creates the listener container.
	 * @throws io.github.xpipe.core.UnknownPipeException when the pipe does not exist
	 * @throws io.github.xpipe.core.PipeDirectionException when the pipe is not inbound
	 */
	@Override
	protected void onInit() {
		super.onInit();
		SimplePipeListenerEndpoint endpoint = new SimplePipeListenerEndpoint();
		endpoint.setId(getListenerId());
		endpoint.setPipe(this.pipeName);
		endpoint.setConcurrency(this.concurrency);
		endpoint.setAutoStartup(false);
		endpoint.setErrorHandler(this.listenerErrorHandler);
		endpoint.setMessageListener(this::onMessage);
		this.container = this.containerFactory.createListenerContainer(endpoint);
	}

	private void onMessage(Message<byte[]> message) {
		Message<?> toSend;
		try {
			toSend = convert(message);
		}
		catch (RuntimeException ex) {
			if (!sendErrorMessageIfNecessary(message, ex)) {
				throw ex;
			}
			return;
		}
		sendMessage(toSend);
	}

	private Message<?> convert(Message<byte[]> message) {
		Class<?> type = this.payloadType;
		if (type == null || type == byte[].class) {
			return message;
		}
		Object payload = this.messageConverter.fromMessage(message, type);
		if (payload == null) {
			throw new MessageConversionException(message, "Cannot convert a frame of pipe '" + this.pipeName
					+ "' to " + type.getName() + ": no converter of " + this.messageConverter + " can");
		}
		return MessageBuilder.withPayload(payload).copyHeaders(message.getHeaders()).build();
	}

	@Override
	protected void doStart() {
		super.doStart();
		requireContainer().start();
	}

	@Override
	protected void doStop() {
		requireContainer().stop();
		super.doStop();
	}

	@Override
	public void destroy() {
		super.destroy();
		PipeListenerContainer current = this.container;
		if (current != null && current.isRunning()) {
			current.stop();
		}
	}

	private PipeListenerContainer requireContainer() {
		PipeListenerContainer current = this.container;
		Assert.state(current != null, () -> "PipeInboundChannelAdapter on pipe '" + this.pipeName + "' was not initialised");
		return current;
	}

}
