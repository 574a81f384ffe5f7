package io.github.xpipe.pipe.posix;

import java.io.IOException;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;

/**
 * The guard of one open pipe end: its {@link WakeupPipe}, the waiting on FIFO descriptors and the
 * wake-up together, and the rule that makes {@link #close()} safe from any thread.
 *
 * <p>A thread that uses the end's FIFO descriptors brackets its work with {@link #enter()} and
 * {@link #leave()}. {@link #close()} marks the end closed and wakes any {@link #await} or
 * {@link #pause}; the end's resources are released (the wake-up pipe closed, and the end's
 * {@code onRelease} action run, which closes or hands over its FIFO descriptors) by whichever of
 * {@code close()} and the last {@code leave()} comes second, so a descriptor number is never closed
 * (and possibly reused by the OS) while another thread may still pass it to {@code read},
 * {@code write} or {@code poll}.
 *
 * <p>Waiting is {@code poll(2)} on FIFO descriptors and the wake-up pipe together: no busy-waiting,
 * and a close ends every wait at once.
 */
final class FifoDescriptor {

	/** What {@link #await} returns when the end was closed. */
	static final int CLOSED = -1;

	private static final int POLLFD_SIZE = 8;

	private final String pipeName;

	private final String role;

	private final WakeupPipe wakeup;

	private final Runnable onRelease;

	private Memory pollFds = new Memory(2 * POLLFD_SIZE);

	private int pollCapacity = 2;

	private final Object lock = new Object();

	private volatile boolean closed;

	private int users;

	private boolean released;

	/**
	 * @param pipeName the pipe's name, for errors
	 * @param role what this end is, for errors, e.g. {@code "read end"}
	 * @param onRelease closes (or hands over) the end's FIFO descriptors once no thread uses them
	 */
	FifoDescriptor(String pipeName, String role, Runnable onRelease) throws IOException {
		this.pipeName = pipeName;
		this.role = role;
		this.onRelease = onRelease;
		this.wakeup = new WakeupPipe();
	}

	/**
	 * Starts an operation on this end's descriptors: they stay open until the matching
	 * {@link #leave()}.
	 * @throws PipeClosedException when this end is closed
	 */
	void enter() throws PipeClosedException {
		synchronized (this.lock) {
			if (this.closed) {
				throw closedException();
			}
			this.users++;
		}
	}

	/** Ends an operation started with {@link #enter()}. */
	void leave() {
		boolean release;
		synchronized (this.lock) {
			this.users--;
			release = this.closed && this.users == 0 && !this.released;
			this.released |= release;
		}
		if (release) {
			releaseDescriptors();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	PipeClosedException closedException() {
		return new PipeClosedException(this.pipeName, this.role + " is closed");
	}

	/**
	 * Waits until {@code fd} reports one of {@code events}, the time passes or this end is closed.
	 * @return the FIFO's {@code revents} (may include {@code POLLHUP} or {@code POLLERR}), 0 when the
	 *         time passed or a signal interrupted the wait, or {@link #CLOSED}
	 */
	int await(int fd, short events, int timeoutMillis) throws PipeException {
		Memory fds = pollFds(1);
		fds.setInt(POLLFD_SIZE, fd);
		fds.setShort(POLLFD_SIZE + 4, events);
		fds.setShort(POLLFD_SIZE + 6, (short) 0);
		int ready = poll(fds, 1, timeoutMillis);
		return (ready == CLOSED) ? CLOSED : fds.getShort(POLLFD_SIZE + 6) & 0xffff;
	}

	/**
	 * Waits until one of {@code fds[0..count)} reports one of {@code events}, the time passes or
	 * this end is closed; the {@code revents} of each go to {@code revents}.
	 * @return how many descriptors reported something (0 when the time passed or a signal
	 *         interrupted the wait), or {@link #CLOSED}
	 */
	int awaitAny(int[] fds, int count, short events, int timeoutMillis, int[] revents) throws PipeException {
		Memory table = pollFds(count);
		for (int i = 0; i < count; i++) {
			long offset = (long) (i + 1) * POLLFD_SIZE;
			table.setInt(offset, fds[i]);
			table.setShort(offset + 4, events);
			table.setShort(offset + 6, (short) 0);
		}
		int ready = poll(table, count, timeoutMillis);
		for (int i = 0; i < count; i++) {
			revents[i] = (ready == CLOSED) ? 0 : table.getShort((long) (i + 1) * POLLFD_SIZE + 6) & 0xffff;
		}
		return ready;
	}

	/**
	 * Waits {@code timeoutMillis} unless this end is closed first.
	 * @return {@code false} when closed
	 */
	boolean pause(int timeoutMillis) throws PipeException {
		return poll(pollFds(0), 0, timeoutMillis) != CLOSED && !this.closed;
	}

	/**
	 * Closes this end: wakes every wait at once and releases the descriptors as soon as no thread
	 * uses them. Idempotent.
	 */
	void close() {
		boolean release;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.wakeup.wake();
			release = this.users == 0 && !this.released;
			this.released |= release;
		}
		if (release) {
			releaseDescriptors();
		}
	}

	/** The poll table with room for the wake-up pipe (first) and {@code count} FIFO descriptors. */
	private Memory pollFds(int count) {
		if (count + 1 > this.pollCapacity) {
			this.pollCapacity = count + 1;
			this.pollFds = new Memory((long) this.pollCapacity * POLLFD_SIZE);
		}
		Memory fds = this.pollFds;
		fds.setInt(0, this.wakeup.readFd());
		fds.setShort(4, LibC.POLLIN);
		fds.setShort(6, (short) 0);
		return fds;
	}

	/** Polls the wake-up pipe and {@code count} descriptors: the number ready, or {@link #CLOSED}. */
	private int poll(Memory fds, int count, int timeoutMillis) throws PipeException {
		if (this.closed) {
			return CLOSED;
		}
		int ready = LibC.poll(fds, new NativeLong(count + 1), timeoutMillis);
		if (ready < 0) {
			int errno = LibC.errno();
			if (errno != LibC.EINTR) {
				throw new PipeException(this.pipeName, "poll() failed: " + LibC.describe(errno));
			}
			ready = 0;
		}
		if (this.closed || fds.getShort(6) != 0) {
			return CLOSED;
		}
		return ready;
	}

	private void releaseDescriptors() {
		try {
			this.onRelease.run();
		}
		finally {
			this.wakeup.release();
		}
	}

}
