package io.github.xpipe.sample;

import io.github.xpipe.annotation.PipeListener;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * Answers every message on {@code inbox} with the same bytes on {@code outbox}, in order.
 *
 * <p>It takes the whole {@link Message} rather than a {@code byte[]} payload so that an empty
 * message is echoed too: spring-messaging's payload resolution refuses an empty payload.
 */
@Component
public class EchoService {

	@PipeListener("inbox")
	@SendTo("outbox")
	public byte[] echo(Message<byte[]> message) {
		return message.getPayload();
	}

}
