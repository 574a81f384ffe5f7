package io.github.xpipe.listener;

import java.util.Map;

import org.springframework.messaging.MessageHeaders;

/** Headers of a received message, without the random id {@link MessageHeaders} would generate per message. */
final class PipeMessageHeaders extends MessageHeaders {

	PipeMessageHeaders(Map<String, Object> headers, long timestamp) {
		super(headers, ID_VALUE_NONE, timestamp);
	}

}
