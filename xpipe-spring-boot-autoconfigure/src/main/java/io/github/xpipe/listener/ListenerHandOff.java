package io.github.xpipe.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.github.xpipe.core.SendBatch;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The hand-off of one run of a listener container from its reading thread to its listener threads:
 * a small bounded queue (four messages per listener thread) that the reading thread fills, blocking
 * while it is full, and that each listener thread empties in its {@link #dispatchLoop()} until the
 * end of input. Messages are handled in parallel, in no particular order.
 */
final class ListenerHandOff {

	private static final Message<byte[]> END_OF_INPUT = new GenericMessage<>(new byte[0]);

	private final int concurrency;

	private final BlockingQueue<Message<byte[]>> queue;

	/** At most this many messages are handled in one batch of replies: the queue's capacity. */
	private final int chunk;

	private final ContainerRun run;

	private final ListenerInvoker invoker;

	ListenerHandOff(int concurrency, ContainerRun run, ListenerInvoker invoker) {
		this.concurrency = concurrency;
		this.queue = new ArrayBlockingQueue<>(concurrency * 4);
		this.chunk = concurrency * 4;
		this.run = run;
		this.invoker = invoker;
	}

	/** Queues a message, waiting for room; a message the reading thread is interrupted on is counted as not handled. */
	void put(Message<byte[]> message) {
		try {
			this.queue.put(message);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.run.countUnhandled(1);
		}
	}

	/** Tells every listener thread that no more messages come, once the messages before are taken. */
	void endOfInput() {
		try {
			for (int i = 0; i < this.concurrency; i++) {
				this.queue.put(END_OF_INPUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The work of one listener thread: handles queued messages until the end of input; once the run
	 * is abandoned, or the thread interrupted, what is left is counted as not handled.
	 */
	void dispatchLoop() {
		try {
			Message<byte[]> first = this.queue.take();
			while (first != END_OF_INPUT) {
				handleWaiting(first);
				first = this.queue.take();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			List<Message<byte[]>> rest = new ArrayList<>();
			this.queue.drainTo(rest);
			this.run.countUnhandled(rest.stream().filter((message) -> message != END_OF_INPUT).count());
		}
		finally {
			this.run.terminate();
		}
	}

	/**
	 * Handles the message taken and those waiting behind it in one {@link SendBatch}: the direct
	 * sends made meanwhile (replies) leave together once the queue is found empty, or after as many
	 * messages as it holds, never held back waiting for more. An end of input taken here is put back
	 * for the loop to find.
	 */
	private void handleWaiting(Message<byte[]> first) throws InterruptedException {
		try (SendBatch replies = SendBatch.open()) {
			Message<byte[]> message = first;
			for (int handled = 0; message != null; handled++) {
				if (message == END_OF_INPUT) {
					this.queue.put(END_OF_INPUT);
					return;
				}
				if (this.run.isAbandoned()) {
					this.run.countUnhandled(1);
				}
				else {
					this.invoker.dispatch(message);
				}
				message = (handled + 1 < this.chunk) ? this.queue.poll() : null;
			}
		}
	}

}
