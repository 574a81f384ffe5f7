package io.github.xpipe.test.context;

import java.util.Map;

import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.test.PayloadConverter;
import io.github.xpipe.test.PipeEndpoint;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Converts payloads with the application's message converter, given the headers xpipe gives it
 * (the pipe's name and charset): what the test sends is what the application's template would send,
 * and a received payload becomes what a listener parameter of that type would receive.
 */
final class MessageConverterPayloadConverter implements PayloadConverter {

	private final MessageConverter converter;

	MessageConverterPayloadConverter(MessageConverter converter) {
		this.converter = converter;
	}

	@Override
	public byte[] toBytes(Object payload, PipeEndpoint pipe) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		Message<?> message = this.converter.toMessage(payload,
				new MessageHeaders(Map.of(XPipeHeaders.PIPE, pipe.name(), XPipeHeaders.CHARSET, pipe.charset())));
		if (message == null) {
			throw new IllegalArgumentException("The application's message converter cannot turn a "
					+ payload.getClass().getName() + " into bytes for pipe '" + pipe.name() + "'");
		}
		Object converted = message.getPayload();
		if (converted instanceof byte[] bytes) {
			return bytes;
		}
		if (converted instanceof String text) {
			return text.getBytes(pipe.charset());
		}
		throw new IllegalArgumentException("The application's message converter turned a "
				+ payload.getClass().getName() + " into a " + converted.getClass().getName() + "; pipes carry bytes");
	}

	@Override
	public <T> T fromBytes(byte[] payload, Class<T> type, PipeEndpoint pipe) {
		if (type == byte[].class) {
			return type.cast(payload);
		}
		Message<byte[]> message = MessageBuilder.withPayload(payload)
			.setHeader(XPipeHeaders.PIPE, pipe.name())
			.setHeader(XPipeHeaders.CHARSET, pipe.charset())
			.build();
		Object converted = this.converter.fromMessage(message, type);
		if (converted == null) {
			throw new IllegalArgumentException("The application's message converter cannot turn a payload of pipe '"
					+ pipe.name() + "' into a " + type.getName());
		}
		return type.cast(converted);
	}

}
