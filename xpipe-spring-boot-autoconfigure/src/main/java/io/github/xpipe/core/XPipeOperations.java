package io.github.xpipe.core;

import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

/**
 * Sends messages to declared pipes, each as one frame of the pipe's framing. Every failure is a
 * {@link XPipeException}: a {@link PipeSendException} when sending failed, an
 * {@link UnknownPipeException} or a {@link PipeDirectionException} when the pipe cannot be used.
 * Nothing is dropped silently.
 *
 * <p>The {@code ...Async} sends return at once with a {@link CompletableFuture}, as
 * {@code KafkaTemplate.send} does: it completes once the message was handed to the operating system,
 * or exceptionally with the {@link PipeSendException} saying why not. A stream of asynchronous sends
 * from one thread leaves in batches, so it is as fast as {@link SendMode#QUEUED queued} sends, and
 * yet every message has its own result. A send that cannot even start (an unknown pipe, an inbound
 * one, a payload the converter cannot turn into bytes) throws at once.
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
	 * pipe whose sends are {@link SendMode#QUEUED queued} can have messages waiting, and messages a
	 * listener sent while its {@link SendBatch} is open (call this to have a request in the pipe
	 * before the listener waits for its answer); otherwise this returns at once. The default does
	 * nothing: right for an implementation that never queues.
	 */
	default void flush(String pipe) {
	}

	/**
	 * Sends these bytes as one message without waiting for the write. The default sends at once and
	 * returns a completed future: right for an implementation that never queues.
	 * @return completed once the message was handed to the operating system, or exceptionally with
	 * the {@link PipeSendException}
	 */
	default CompletableFuture<Void> sendAsync(String pipe, byte[] payload) {
		return completedOrFailed(() -> send(pipe, payload));
	}

	/** Like {@link #send(String, Message)}, without waiting for the write; see {@link #sendAsync(String, byte[])}. */
	default CompletableFuture<Void> sendAsync(String pipe, Message<?> message) {
		return completedOrFailed(() -> send(pipe, message));
	}

	/** Like {@link #convertAndSend}, without waiting for the write; see {@link #sendAsync(String, byte[])}. */
	default CompletableFuture<Void> convertAndSendAsync(String pipe, Object payload) {
		return completedOrFailed(() -> convertAndSend(pipe, payload));
	}

	private static CompletableFuture<Void> completedOrFailed(Runnable send) {
		try {
			send.run();
			return CompletableFuture.completedFuture(null);
		}
		catch (PipeSendException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
