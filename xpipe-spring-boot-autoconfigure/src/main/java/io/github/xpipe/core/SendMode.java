package io.github.xpipe.core;

/**
 * How an outbound pipe's sends reach the operating system.
 */
public enum SendMode {

	/**
	 * Each send returns once its message was handed to the kernel and throws when it could not be:
	 * the safe default. Concurrent senders still share a {@code write()} when they queue behind one.
	 */
	DIRECT,

	/**
	 * Each send queues its message and returns; a sender thread of the pipe writes whatever is
	 * waiting as soon as the pipe takes it, so a stream of small messages leaves in batches (one
	 * {@code write()} per batch) while a lone message still leaves at once. A send blocks only while
	 * 1 MiB of messages wait (the batch grows from 64 KiB only while the writing lags behind the
	 * sends). A failed write is reported by the next send, and to the send
	 * listeners; messages queued when the reader went away are lost with the connection. Send
	 * listeners (and so the sent-message metrics) count a message when it is queued.
	 */
	QUEUED

}
