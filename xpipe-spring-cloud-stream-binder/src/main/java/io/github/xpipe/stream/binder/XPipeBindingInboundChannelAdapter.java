package io.github.xpipe.stream.binder;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.SendBatch;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import io.github.xpipe.listener.DefaultPipeListenerContainer;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeContainerProperties;
import io.github.xpipe.listener.PipeListenerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.binder.EmbeddedHeaderUtils;
import org.springframework.cloud.stream.binder.MessageValues;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The inbound endpoint of a consumer binding: a {@link PipeInboundChannelAdapter} that, before it
 * sends a message on (and so before its observation reads the trace context), takes the headers
 * out of a payload with {@linkplain EmbeddedHeaderUtils embedded headers} when the binding's header
 * mode asks for them, and retries the sending as the binding's {@code max-attempts} says. A message
 * whose retries are exhausted goes to the binding's error channel.
 *
 * <p>In batch mode (the binding's {@code batch-mode: true}) the messages of one read of the pipe
 * are sent on as one message whose payload is the {@link List} of their payloads, with the headers
 * of each in {@link BinderHeaders#BATCH_HEADERS}, once the read's last frame was decoded: the
 * function is invoked once per read, not once per message. The reading thread does it, so batch
 * mode takes a {@code concurrency} of 1.
 */
class XPipeBindingInboundChannelAdapter extends PipeInboundChannelAdapter {

	private final boolean embeddedHeaders;

	private final @Nullable RetryTemplate retryTemplate;

	private final MessageChannel bindingErrorChannel;

	/** The messages of the current read in batch mode (the reading thread's alone); {@code null} otherwise. */
	private @Nullable List<Message<?>> batch;

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

	/**
	 * Whether the messages of one read are sent on as one batch message (see the class description).
	 * Default: {@code false}.
	 */
	void setBatchMode(boolean batchMode) {
		this.batch = batchMode ? new ArrayList<>() : null;
	}

	/** In batch mode, also has the container tell the end of each read, when the batch is sent on. */
	@Override
	protected void onInit() {
		super.onInit();
		if (this.batch == null) {
			return;
		}
		PipeListenerContainer container = getContainer();
		if (!(container instanceof DefaultPipeListenerContainer defaultContainer)) {
			throw new IllegalStateException("Binding on pipe '" + getPipeName() + "': batch-mode needs xpipe's "
					+ "DefaultPipeListenerContainer, the container factory made " + container
					+ "; set batch-mode to false or use the auto-configured container factory");
		}
		PipeContainerProperties properties = defaultContainer.getContainerProperties();
		if (properties.getConcurrency() != 1) {
			throw new IllegalStateException("Binding on pipe '" + getPipeName() + "': batch-mode sends the messages of "
					+ "each read on the reading thread, but concurrency is " + properties.getConcurrency()
					+ "; set the binding's concurrency to 1 or batch-mode to false");
		}
		List<PipeContainerListener> listeners = new ArrayList<>(properties.getContainerListeners());
		listeners.add(new EndOfRead());
		properties.setContainerListeners(listeners);
	}

	@Override
	protected void sendMessage(Message<?> message) {
		Message<?> toSend = this.embeddedHeaders ? extractHeaders(message) : message;
		List<Message<?>> pending = this.batch;
		if (pending != null) {
			pending.add(toSend);
		}
		else {
			deliver(toSend);
		}
	}

	/**
	 * Sends the messages of the read that ended as one message; the sends its handler makes
	 * meanwhile (replies) leave together, as those of a read's messages do without batch mode.
	 */
	private void sendBatch() {
		List<Message<?>> pending = this.batch;
		if (pending == null || pending.isEmpty()) {
			return;
		}
		List<Message<?>> messages = List.copyOf(pending);
		pending.clear();
		List<Object> payloads = new ArrayList<>(messages.size());
		for (Message<?> message : messages) {
			payloads.add(message.getPayload());
		}
		Message<List<Object>> batchMessage = MessageBuilder.withPayload(payloads)
			.copyHeaders(messages.get(0).getHeaders())
			.setHeader(BinderHeaders.BATCH_HEADERS, new BatchHeaders(messages))
			.build();
		try (SendBatch replies = SendBatch.open()) {
			deliver(batchMessage);
		}
	}

	private void deliver(Message<?> toSend) {
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

	/** Sends the batch of a read once the read ended, on the reading thread. */
	private final class EndOfRead implements PipeContainerListener {

		@Override
		public void afterRead(String pipeName, int messageCount) {
			sendBatch();
		}

		@Override
		public void readFailed(String pipeName, String listenerId, Exception error) {
			sendBatch();
		}

	}

	/**
	 * The headers of each message of a batch, built when asked for: a function that takes only the
	 * payloads never pays for them.
	 */
	private static final class BatchHeaders extends AbstractList<Map<String, Object>> {

		private final List<Message<?>> messages;

		BatchHeaders(List<Message<?>> messages) {
			this.messages = messages;
		}

		@Override
		public Map<String, Object> get(int index) {
			return this.messages.get(index).getHeaders();
		}

		@Override
		public int size() {
			return this.messages.size();
		}

	}

}
