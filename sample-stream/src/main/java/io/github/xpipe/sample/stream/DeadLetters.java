package io.github.xpipe.sample.stream;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

/**
 * The error handler of the {@code price-in-0} binding (its {@code error-handler-definition}): input
 * that {@link OrderPricing} could not take, such as a message that is not JSON, is logged and sent
 * on the {@code rejects} binding as a {@link DeadLetter}, and the application goes on with the next
 * message.
 *
 * <p>Kafka's binder has a dead-letter topic of its own ({@code enable-dlq}); the xpipe binder has
 * none. Doing it here, with Spring Cloud Stream's own error channel and {@link StreamBridge}, keeps
 * it the same on both.
 */
public class DeadLetters implements Consumer<ErrorMessage> {

	/** The output binding dead letters are sent on. */
	public static final String BINDING = "rejects";

	private static final Log logger = LogFactory.getLog(DeadLetters.class);

	private final StreamBridge streamBridge;

	/**
	 * Creates the handler.
	 * @param streamBridge sends the dead letters
	 */
	public DeadLetters(StreamBridge streamBridge) {
		this.streamBridge = streamBridge;
	}

	@Override
	public void accept(ErrorMessage error) {
		Message<?> input = input(error);
		String payload = (input != null) ? text(input.getPayload()) : "";
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(error.getPayload());
		String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		if (logger.isWarnEnabled()) {
			logger.warn("Not an order, sending it to '" + BINDING + "': " + reason);
		}
		this.streamBridge.send(BINDING, new DeadLetter(payload, reason));
	}

	private static @Nullable Message<?> input(ErrorMessage error) {
		if (error.getOriginalMessage() != null) {
			return error.getOriginalMessage();
		}
		return (error.getPayload() instanceof MessagingException failure) ? failure.getFailedMessage() : null;
	}

	private static String text(Object payload) {
		return (payload instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : payload.toString();
	}

}
