package io.github.xpipe.test;

import java.time.Duration;

/**
 * What the application under test has seen of writers leaving its inbound pipes, for a
 * {@link PipeTestWriter} that must not reconnect before the application saw it go.
 *
 * <p>A POSIX FIFO carries one byte stream: the reader sees a writer leave (and drops a frame it left
 * half-sent) only if it reads the end of the stream before the next writer opens the FIFO. A writer
 * that ended its connection on purpose (a truncated frame, a malformed header, {@link
 * PipeTestWriter#disconnect()}) therefore waits, before it connects again, until the application
 * counted one more disconnect on that pipe, when it can tell. The Spring integration counts what the
 * application's listener containers report; a plain-Java test feeds a {@link WriterDisconnectCounter}
 * from its reader.
 */
public interface WriterDisconnects {

	/** Knows nothing: writers reconnect at once. */
	WriterDisconnects UNKNOWN = new WriterDisconnects() {

		@Override
		public long count(String pipe) {
			return -1;
		}

		@Override
		public boolean awaitMoreThan(String pipe, long count, Duration timeout) {
			return true;
		}

	};

	/**
	 * How many writer connections the application has seen end on this pipe so far, or -1 when it
	 * cannot tell (no reader of that pipe reports them).
	 */
	long count(String pipe);

	/**
	 * Waits until {@link #count(String)} of the pipe exceeds {@code count}.
	 * @return whether it did within the timeout
	 */
	boolean awaitMoreThan(String pipe, long count, Duration timeout) throws InterruptedException;

}
