package io.github.xpipe.listener.adapter;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.PayloadMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * Resolves the payload argument like spring-messaging does, except that an empty message is a
 * message: on a pipe a zero-length frame is valid, so it reaches a {@code byte[]} or {@code String}
 * parameter as an empty value instead of failing as a missing payload.
 */
public class PipePayloadMethodArgumentResolver extends PayloadMethodArgumentResolver {

	public PipePayloadMethodArgumentResolver(MessageConverter messageConverter, @Nullable Validator validator) {
		super(messageConverter, validator);
	}

	@Override
	protected boolean isEmptyPayload(@Nullable Object payload) {
		return payload == null;
	}

}
