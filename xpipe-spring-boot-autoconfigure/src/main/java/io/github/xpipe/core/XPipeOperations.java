package io.github.xpipe.core;

import org.springframework.messaging.Message;

/**
 * Sends messages to declared pipes, each as one frame of the pipe's framing. Every failure is a
 * {@link XPipeException}: a {@link PipeSendException} when sending failed, an
 * {@link UnknownPipeException} or a {@link PipeDirectionException} when the pipe cannot be used.
 * Nothing is dropped silently.
 */
public interface XPipeOperations {

	/** Sends these bytes as one message. */
	void send(String pipe, byte[] payload);

	/**
	 * Sends the message's payload: {@code byte[]} as is, anything else through the message
	 * converter (with the message's headers).
	 */
	void send(String pipe, Message<?> message);

	/**
	 * Converts the payload with the message converter ({@code String} in the pipe's charset, other
	 * objects as JSON when Jackson is present) and sends it.
	 */
	void convertAndSend(String pipe, Object payload);

	/**
	 * Waits until every message sent to this pipe before was handed to the operating system. Only a
	 * pipe whose sends are {@link SendMode#QUEUED queued} can have messages waiting; for others this
	 * returns at once. The default does nothing: right for an implementation that never queues.
	 */
	default void flush(String pipe) {
	}

}
