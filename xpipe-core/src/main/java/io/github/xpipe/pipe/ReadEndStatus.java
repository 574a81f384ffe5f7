package io.github.xpipe.pipe;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a read end is doing, as health checks and diagnostics report it.
 *
 * @param state reading, waiting for the pipe, or closed
 * @param detail why it waits (e.g. {@code nothing at /run/user/1000/xpipe/orders}), or {@code null}
 * @param replacementsFollowed how often the FIFO at the pipe's path was removed or replaced by
 *        another and this end moved over to the new one (POSIX)
 * @param lastReplacement when that last happened, or {@code null}
 * @param drainingReplaced whether it still reads what writers left in, or still send to, a FIFO that
 *        was removed or replaced (POSIX); that FIFO is closed once its last writer has left
 */
public record ReadEndStatus(State state, @Nullable String detail, long replacementsFollowed,
		@Nullable Instant lastReplacement, boolean drainingReplaced) {

	/** A read end that is open and reads its pipe. */
	public static final ReadEndStatus READING = new ReadEndStatus(State.READING, null, 0, null, false);

	/** A read end that is not open (not yet, or no longer). */
	public static final ReadEndStatus CLOSED = new ReadEndStatus(State.CLOSED, null, 0, null, false);

	/** What a read end is doing. */
	public enum State {

		/** Open on the pipe its path names, reading whatever writers send. */
		READING,

		/**
		 * Open, but nothing usable is at the pipe's path: the FIFO was removed (its owner may create it
		 * again, as some peers do between uses) or something this process refuses is there. The end
		 * opens the FIFO as soon as one appears.
		 */
		WAITING_FOR_PIPE,

		/** Not open. */
		CLOSED

	}

}
