package io.github.xpipe.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The direct sends one thread makes between {@link #open()} and {@link #close()}, held back and
 * written together when the batch closes: a listener container opens one around the messages of
 * each read, so the replies to them ({@code @SendTo}, and {@link XPipeTemplate} sends made on the
 * listener thread) leave in whole-frame writes of up to PIPE_BUF bytes each, not in one system call
 * per reply, and are all in their pipes before the container reads again. No timer holds a reply
 * back: the batch ends when the listener has handled what one read returned.
 *
 * <p>A send in a batch returns once its message is buffered; whether it was written is known when
 * the batch closes. A failed write is then reported to the {@link Outcome} of each message
 * it carried (the template tells its {@link PipeSendListener}s, so health and metrics see it) and
 * logged. A listener that needs a message in the pipe before it goes on (a request whose answer it
 * waits for) calls {@link XPipeOperations#flush(String)} after sending it. Sends on pipes with
 * {@link SendMode#QUEUED queued} sends, asynchronous sends and sends from other threads are not
 * held back.
 */
public final class SendBatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SendBatch.class);

	private static final ThreadLocal<@Nullable SendBatch> CURRENT = new ThreadLocal<>();

	/** The pipes written to, each once, in the order of their first message. */
	private final List<ManagedPipe> pipes = new ArrayList<>(2);

	/** For each of {@link #pipes}, what to tell of each message, once known. */
	private final List<List<Outcome>> outcomes = new ArrayList<>(2);

	private final Thread owner = Thread.currentThread();

	private SendBatch() {
	}

	/**
	 * Opens a batch on the calling thread; the caller closes it, on the same thread. A batch opened
	 * while another is open on the thread joins it: the outer one writes.
	 */
	public static SendBatch open() {
		SendBatch outer = CURRENT.get();
		if (outer != null) {
			return outer.nested();
		}
		SendBatch batch = new SendBatch();
		CURRENT.set(batch);
		return batch;
	}

	/** The batch open on the calling thread, if any. */
	static @Nullable SendBatch current() {
		return CURRENT.get();
	}

	/**
	 * Buffers one message for the pipe, to be written when this batch closes.
	 * @throws IOException as {@link ManagedPipe#send} does, when even buffering failed
	 */
	void send(ManagedPipe pipe, byte[] payload, Outcome outcome) throws IOException {
		pipe.buffer(payload);
		int index = this.pipes.indexOf(pipe);
		if (index < 0) {
			this.pipes.add(pipe);
			this.outcomes.add(new ArrayList<>());
			index = this.pipes.size() - 1;
		}
		this.outcomes.get(index).add(outcome);
	}

	/** Writes what the batch holds, pipe by pipe, and tells each message's outcome. */
	@Override
	public void close() {
		if (CURRENT.get() != this || Thread.currentThread() != this.owner) {
			return;
		}
		CURRENT.remove();
		for (int i = 0; i < this.pipes.size(); i++) {
			ManagedPipe pipe = this.pipes.get(i);
			List<Outcome> messages = this.outcomes.get(i);
			IOException failure = null;
			try {
				pipe.flush();
			}
			catch (IOException ex) {
				failure = ex;
				logger.warn("Pipe '" + pipe.getName() + "': " + messages.size() + " message(s) sent while handling the"
						+ " last input could not all be written: " + ex.getMessage() + "; the next send reconnects");
			}
			for (Outcome outcome : messages) {
				outcome.written(failure);
			}
		}
	}

	/** A handle for a nested {@link #open()}: closing it leaves the outer batch open. */
	private SendBatch nested() {
		return new SendBatch();
	}

	/** What to do once a buffered message's write is known. */
	@FunctionalInterface
	interface Outcome {

		/** @param failure why the write failed, or {@code null} when the message is in the pipe */
		void written(@Nullable IOException failure);

	}

}
