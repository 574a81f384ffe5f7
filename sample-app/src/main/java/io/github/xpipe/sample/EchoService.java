package io.github.xpipe.sample;

import io.github.xpipe.annotation.PipeListener;

import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * Answers every message on {@code inbox} with the same bytes on {@code outbox}, in order; an empty
 * message included.
 */
@Component
public class EchoService {

	@PipeListener("inbox")
	@SendTo("outbox")
	public byte[] echo(byte[] message) {
		return message;
	}

}
