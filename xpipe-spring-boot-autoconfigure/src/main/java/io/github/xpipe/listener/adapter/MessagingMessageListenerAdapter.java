package io.github.xpipe.listener.adapter;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.listener.PayloadMessageListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;

/**
 * Invokes a listener method for each message: arguments ({@code byte[]}, {@code String}, POJOs,
 * {@code Message<?>}, {@code @Payload}, {@code @Header}) are resolved by the
 * {@link InvocableHandlerMethod}; a non-null result is converted and sent to the reply pipe with
 * that pipe's framing. A {@link PipeListenerHandlerMethod} that takes the payload only is invoked
 * without a message when the container {@linkplain #onPayload hands it the payload alone}; a
 * subclass that overrides {@link #onMessage} to act on every message overrides {@link #onPayload}
 * too, or {@link #takesPayloadOnly()} to return {@code false}.
 */
public class MessagingMessageListenerAdapter implements PayloadMessageListener {

	private static final Log logger = LogFactory.getLog(MessagingMessageListenerAdapter.class);

	/** No arguments besides those resolved from the message: shared, instead of a varargs array per call. */
	private static final Object[] NO_PROVIDED_ARGS = new Object[0];

	private final InvocableHandlerMethod handlerMethod;

	/** The handler method, when it takes the payload only. */
	private final @Nullable PipeListenerHandlerMethod payloadMethod;

	private final @Nullable String replyPipe;

	private final @Nullable XPipeOperations replyTemplate;

	/**
	 * @param handlerMethod the method to invoke
	 * @param replyPipe where results go, or {@code null} to discard them
	 * @param replyTemplate what sends results; required with a reply pipe
	 */
	public MessagingMessageListenerAdapter(InvocableHandlerMethod handlerMethod, @Nullable String replyPipe,
			@Nullable XPipeOperations replyTemplate) {
		Assert.isTrue(replyPipe == null || replyTemplate != null, "A reply pipe needs a template");
		this.handlerMethod = handlerMethod;
		this.payloadMethod = (handlerMethod instanceof PipeListenerHandlerMethod method && method.takesPayloadOnly())
				? method : null;
		this.replyPipe = replyPipe;
		this.replyTemplate = replyTemplate;
	}

	@Override
	public void onMessage(Message<byte[]> message) throws Exception {
		handleResult(this.handlerMethod.invoke(message, NO_PROVIDED_ARGS));
	}

	@Override
	public boolean takesPayloadOnly() {
		return this.payloadMethod != null;
	}

	@Override
	public void onPayload(byte[] payload) throws Exception {
		PipeListenerHandlerMethod method = this.payloadMethod;
		Assert.state(method != null, "The listener method takes more than the payload");
		handleResult(method.invokeWithPayload(payload));
	}

	private void handleResult(@Nullable Object result) {
		if (result == null) {
			return;
		}
		if (this.replyPipe != null && this.replyTemplate != null) {
			this.replyTemplate.convertAndSend(this.replyPipe, result);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Discarding the result of " + this.handlerMethod.getShortLogMessage()
					+ ": add @SendTo(\"pipe\") to send it");
		}
	}

}
