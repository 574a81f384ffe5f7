package io.github.xpipe.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the batch closes. The outcome is then reported once per pipe, for all the messages the batch
 * held for it (the template tells its {@link PipeSendListener}s, so health and metrics see it), and
 * a failed write is logged. A listener that needs a message in the pipe before it goes on (a request whose answer it
 * waits for) calls {@link XPipeOperations#flush(String)} after sending it: what the batch held for
 * that pipe is then written, and its outcome reported, at once. Sends on pipes with
 * {@link SendMode#QUEUED queued} sends, asynchronous sends and sends from other threads are not
 * held back.
 */
public final class SendBatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SendBatch.class);

	private static final ThreadLocal<@Nullable SendBatch> CURRENT = new ThreadLocal<>();

	/**
	 * The largest sizes array of the thread's last batch, which its next batch reuses: a batch of
	 * replies to a long read then grows no array.
	 */
	private static final ThreadLocal<int @Nullable []> SPARE_SIZES = new ThreadLocal<>();

	/** What the batch holds, per pipe and reporter, in the order of their first message. */
	private final List<PipeRun> runs = new ArrayList<>(2);

	private final Thread owner = Thread.currentThread();

	/** An array for the first run of this batch, left by the thread's last batch. */
	private int @Nullable [] spareSizes;

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
		batch.spareSizes = SPARE_SIZES.get();
		SPARE_SIZES.set(null);
		CURRENT.set(batch);
		return batch;
	}

	/** The batch open on the calling thread, if any. */
	static @Nullable SendBatch current() {
		return CURRENT.get();
	}

	/**
	 * Buffers one message for the pipe, to be written when this batch closes (or the pipe is
	 * flushed through {@link #flush}); its outcome goes to the reporter then. No allocation per
	 * message beyond what the pipe's buffer needs.
	 * @throws IOException as {@link ManagedPipe#send} does, when even buffering failed
	 */
	void send(ManagedPipe pipe, byte[] payload, Reporter reporter) throws IOException {
		pipe.buffer(payload);
		run(pipe, reporter).add(payload.length);
	}

	/**
	 * Writes what the batch holds for the pipe now, and reports it.
	 * @throws IOException when the write failed (reported as such)
	 */
	void flush(ManagedPipe pipe) throws IOException {
		IOException failure = null;
		try {
			pipe.flush();
		}
		catch (IOException ex) {
			failure = ex;
		}
		for (PipeRun run : this.runs) {
			if (run.pipe == pipe) {
				run.report(failure);
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/** Writes what the batch holds, pipe by pipe, and reports each pipe's outcome. */
	@Override
	public void close() {
		if (CURRENT.get() != this || Thread.currentThread() != this.owner) {
			return;
		}
		CURRENT.set(null);
		for (int i = 0; i < this.runs.size(); i++) {
			ManagedPipe pipe = this.runs.get(i).pipe;
			if (firstRunOf(pipe) != i || !holdsMessagesFor(pipe)) {
				continue;
			}
			IOException failure = null;
			try {
				pipe.flush();
			}
			catch (IOException ex) {
				failure = ex;
				logger.warn("Pipe '" + pipe.getName() + "': messages sent while handling the last input could"
						+ " not all be written: " + ex.getMessage() + "; the next send reconnects");
			}
			for (int j = i; j < this.runs.size(); j++) {
				if (this.runs.get(j).pipe == pipe) {
					this.runs.get(j).report(failure);
				}
			}
		}
		keepLargestSizes();
	}

	private void keepLargestSizes() {
		int[] largest = this.spareSizes;
		for (PipeRun run : this.runs) {
			if (largest == null || run.sizes.length > largest.length) {
				largest = run.sizes;
			}
		}
		SPARE_SIZES.set(largest);
	}

	private int firstRunOf(ManagedPipe pipe) {
		for (int i = 0; i < this.runs.size(); i++) {
			if (this.runs.get(i).pipe == pipe) {
				return i;
			}
		}
		return -1;
	}

	private boolean holdsMessagesFor(ManagedPipe pipe) {
		for (PipeRun run : this.runs) {
			if (run.pipe == pipe && run.count > 0) {
				return true;
			}
		}
		return false;
	}

	private PipeRun run(ManagedPipe pipe, Reporter reporter) {
		for (int i = 0; i < this.runs.size(); i++) {
			PipeRun run = this.runs.get(i);
			if (run.pipe == pipe && run.reporter == reporter) {
				return run;
			}
		}
		int[] sizes = this.spareSizes;
		this.spareSizes = null;
		PipeRun run = new PipeRun(pipe, reporter, (sizes != null) ? sizes : new int[32]);
		this.runs.add(run);
		return run;
	}

	/** A handle for a nested {@link #open()}: closing it leaves the outer batch open. */
	private SendBatch nested() {
		return new SendBatch();
	}

	/** Told what became of the messages a batch held for a pipe. */
	interface Reporter {

		/**
		 * @param pipe where the messages went
		 * @param sizes the messages' sizes, in send order; only the first {@code count} are theirs
		 * @param count how many messages
		 * @param bytes their bytes in total
		 * @param failure why the write failed, or {@code null} when the messages are in the pipe
		 */
		void written(ManagedPipe pipe, int[] sizes, int count, long bytes, @Nullable IOException failure);

	}

	/** The messages held for one pipe and reporter: their sizes, in a growing array. */
	private static final class PipeRun {

		final ManagedPipe pipe;

		final Reporter reporter;

		int[] sizes;

		int count;

		long bytes;

		PipeRun(ManagedPipe pipe, Reporter reporter, int[] sizes) {
			this.pipe = pipe;
			this.reporter = reporter;
			this.sizes = sizes;
		}

		void add(int size) {
			if (this.count == this.sizes.length) {
				this.sizes = Arrays.copyOf(this.sizes, this.count * 2);
			}
			this.sizes[this.count++] = size;
			this.bytes += size;
		}

		/** Reports the messages held so far, and starts over. */
		void report(@Nullable IOException failure) {
			if (this.count == 0) {
				return;
			}
			int count = this.count;
			long bytes = this.bytes;
			this.count = 0;
			this.bytes = 0;
			this.reporter.written(this.pipe, this.sizes, count, bytes, failure);
		}

	}

}
