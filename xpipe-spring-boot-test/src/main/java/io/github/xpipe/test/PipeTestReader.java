package io.github.xpipe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;

import org.jspecify.annotations.Nullable;

/**
 * Reads one outbound pipe of the application under test, as a reader process would, and hands the
 * test each message with an awaiting {@link #receive(Duration)}. Obtained from {@link
 * PipeTestClient#reader(String)}.
 *
 * <p>It opens its read end on the first receive, or earlier with {@link PipeTestClient#connect()},
 * and keeps it open, so that messages the application writes meanwhile wait in the pipe. On Linux
 * and macOS a FIFO that does not exist yet is waited for, within the receive's timeout.
 *
 * <p>A receive that times out, or meets a frame the application should not have written, fails
 * with an {@link AssertionError} that names the pipe. Thread-safe; one receive at a time.
 */
public final class PipeTestReader {

	private static final long MAX_RETRY_MILLIS = 50;

	private final PipeEndpoint endpoint;

	private final PipeTestClient.Settings settings;

	private @Nullable ReadPipeEnd end;

	private long received;

	PipeTestReader(PipeEndpoint endpoint, PipeTestClient.Settings settings) {
		this.endpoint = endpoint;
		this.settings = settings;
	}

	/** The pipe this reader reads. */
	public PipeEndpoint endpoint() {
		return this.endpoint;
	}

	/**
	 * The next message, waiting up to {@code timeout} for it (and for the pipe to exist).
	 * @throws AssertionError when no message arrives in time, or a frame arrives that this pipe's
	 *         framing rejects
	 */
	public synchronized byte[] receive(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		ReadPipeEnd open = open(deadline, timeout);
		byte[] message;
		try {
			message = open.read(remaining(deadline));
		}
		catch (FrameException ex) {
			throw new AssertionError("The application wrote a frame the test client rejects to "
					+ this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException("Cannot read " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
		if (message == null) {
			throw new AssertionError("No message on " + this.endpoint.describe() + " within " + timeout.toMillis()
					+ " ms (" + this.received + " received before)");
		}
		this.received++;
		return message;
	}

	/**
	 * The next message converted to {@code type} by the client's {@link PayloadConverter}, waiting up
	 * to {@code timeout} for it.
	 * @throws AssertionError when no message arrives in time
	 */
	public <T> T receive(Class<T> type, Duration timeout) {
		return this.settings.converter().fromBytes(receive(timeout), type, this.endpoint);
	}

	/**
	 * Discards the messages already waiting in the pipe, e.g. replies a failed test left behind.
	 * @return how many were discarded
	 */
	public synchronized int discardWaiting() {
		ReadPipeEnd open = this.end;
		if (open == null) {
			return 0;
		}
		int discarded = 0;
		try {
			while (open.read(Duration.ZERO) != null) {
				discarded++;
			}
		}
		catch (FrameException ex) {
			discarded++;
		}
		catch (IOException ex) {
			close();
		}
		return discarded;
	}

	/** Opens the read end now if the pipe exists; later receives open it otherwise. */
	synchronized void openIfPresent() {
		if (this.end != null) {
			return;
		}
		try {
			this.end = newEnd().open(Duration.ZERO);
		}
		catch (IOException ex) {
			// not there yet: the first receive waits for it
		}
	}

	/** Closes the read end; the next receive opens it again. */
	synchronized void close() {
		ReadPipeEnd open = this.end;
		this.end = null;
		if (open != null) {
			open.close();
		}
	}

	private ReadPipeEnd open(long deadline, Duration timeout) {
		ReadPipeEnd open = this.end;
		if (open != null) {
			return open;
		}
		long retryMillis = 1;
		while (true) {
			ReadPipeEnd opening = newEnd();
			try {
				this.end = opening.open(remaining(deadline));
				return opening;
			}
			catch (PipeNotFoundException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw new AssertionError("No " + this.endpoint.describe() + " appeared within " + timeout.toMillis()
							+ " ms: is the application running?", ex);
				}
			}
			catch (PipeClosedException ex) {
				throw new IllegalStateException("The test client was closed", ex);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot open " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
			}
			pause(retryMillis);
			retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
		}
	}

	private ReadPipeEnd newEnd() {
		return new ReadPipeEnd(NamedPipe.of(this.endpoint.path(), PipeOptions.defaults(), this.settings.backend()),
				this.endpoint.codec());
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	/** Waits a little before looking for a pipe that is not there yet (there is nothing to wait on). */
	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a pipe to appear", ex);
		}
	}

}
