package io.github.xpipe.stream.binder;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.binder.EmbeddedHeaderUtils;
import org.springframework.cloud.stream.binder.MessageValues;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;

/**
 * The inbound endpoint of a consumer binding: a {@link PipeInboundChannelAdapter} that, before it
 * sends a message on (and so before its observation reads the trace context), takes the headers
 * out of a payload with {@linkplain EmbeddedHeaderUtils embedded headers} when the binding's header
 * mode asks for them, and retries the sending as the binding's {@code max-attempts} says. A message
 * whose retries are exhausted goes to the binding's error channel.
 */
class XPipeBindingInboundChannelAdapter extends PipeInboundChannelAdapter {

	private final boolean embeddedHeaders;

	private final @Nullable RetryTemplate retryTemplate;

	private final MessageChannel bindingErrorChannel;

	/**
	 * @param containerFactory the factory of the listener container
	 * @param pipeName the pipe read
	 * @param embeddedHeaders whether payloads carry embedded headers
	 * @param retryTemplate how sending a message on is retried, {@code null} for not at all
	 * @param bindingErrorChannel where failures go once retries are exhausted
	 */
	XPipeBindingInboundChannelAdapter(PipeListenerContainerFactory<?> containerFactory, String pipeName,
			boolean embeddedHeaders, @Nullable RetryTemplate retryTemplate, MessageChannel bindingErrorChannel) {
		super(containerFactory, pipeName);
		this.embeddedHeaders = embeddedHeaders;
		this.retryTemplate = retryTemplate;
		this.bindingErrorChannel = bindingErrorChannel;
	}

	@Override
	protected void sendMessage(Message<?> message) {
		Message<?> toSend = this.embeddedHeaders ? extractHeaders(message) : message;
		RetryTemplate retry = this.retryTemplate;
		try {
			if (retry == null) {
				super.sendMessage(toSend);
			}
			else {
				retry.execute(() -> {
					super.sendMessage(toSend);
					return null;
				});
			}
		}
		catch (RetryException ex) {
			failed(toSend, ex.getCause());
		}
		catch (RuntimeException ex) {
			failed(toSend, ex);
		}
	}

	private void failed(Message<?> message, @Nullable Throwable failure) {
		RuntimeException exception = (failure instanceof MessagingException messagingException) ? messagingException
				: new MessagingException(message, "Failed to handle a message from pipe '" + getPipeName() + "'", failure);
		this.bindingErrorChannel.send(buildErrorMessage(message, exception));
	}

	/**
	 * The message with the headers its payload carries, marked so that Spring Cloud Stream's own
	 * extraction on the input channel does not look again at a payload that may start with 0xff too.
	 */
	@SuppressWarnings("unchecked")
	private Message<?> extractHeaders(Message<?> message) {
		if (!(message.getPayload() instanceof byte[] payload) || !EmbeddedHeaderUtils.mayHaveEmbeddedHeaders(payload)) {
			return message;
		}
		MessageValues values;
		try {
			values = EmbeddedHeaderUtils.extractHeaders((Message<byte[]>) message, true);
		}
		catch (Exception ex) {
			// not embedded headers after all: a payload that happens to start with 0xff
			if (this.logger.isDebugEnabled()) {
				this.logger.debug(ex, EmbeddedHeaderUtils.decodeExceptionMessage(message));
			}
			values = new MessageValues(message);
		}
		values.put(BinderHeaders.NATIVE_HEADERS_PRESENT, Boolean.TRUE);
		return values.toMessage(getMessageBuilderFactory());
	}

}
