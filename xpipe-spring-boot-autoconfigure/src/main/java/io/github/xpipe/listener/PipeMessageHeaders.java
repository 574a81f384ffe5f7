package io.github.xpipe.listener;

import java.nio.charset.Charset;
import java.util.Map;

import io.github.xpipe.support.XPipeHeaders;

import org.springframework.messaging.MessageHeaders;

/**
 * Headers of a received message: {@link XPipeHeaders#PIPE}, {@link XPipeHeaders#RECEIVED_TIMESTAMP},
 * {@link XPipeHeaders#CHARSET}, and the {@link MessageHeaders#TIMESTAMP timestamp} (the receive
 * time), without the random id {@link MessageHeaders} would generate per message.
 */
final class PipeMessageHeaders extends MessageHeaders {

	PipeMessageHeaders(String pipeName, Charset charset, long receivedTimestamp) {
		super(Map.of(XPipeHeaders.PIPE, pipeName, XPipeHeaders.RECEIVED_TIMESTAMP, receivedTimestamp,
				XPipeHeaders.CHARSET, charset), ID_VALUE_NONE, receivedTimestamp);
	}

}
