package io.github.xpipe.pipe.posix;

import java.io.IOException;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;

/**
 * The descriptors of one open pipe end: the FIFO's and a {@link WakeupPipe}, with the waiting on
 * both and a guard that makes {@link #close()} safe from any thread.
 *
 * <p>A thread that uses the FIFO descriptor brackets its work with {@link #enter()} and
 * {@link #leave()}. {@link #close()} marks the end closed and wakes any {@link #await} or
 * {@link #pause}; the descriptors themselves are closed by whichever of {@code close()} and the last
 * {@code leave()} comes second, so a descriptor number is never closed (and possibly reused by the
 * OS) while another thread may still pass it to {@code read}, {@code write} or {@code poll}.
 *
 * <p>Waiting is {@code poll(2)} on the FIFO and the wake-up pipe together: no busy-waiting, and a
 * close ends every wait at once.
 */
final class FifoDescriptor {

	/** What {@link #await} returns when the end was closed. */
	static final int CLOSED = -1;

	private final String pipeName;

	private final String role;

	private final WakeupPipe wakeup;

	private final Memory pollFds = new Memory(16);

	private final Object lock = new Object();

	private volatile boolean closed;

	private int users;

	private boolean released;

	private int fifoFd = -1;

	/**
	 * @param pipeName the pipe's name, for errors
	 * @param role what this end is, for errors, e.g. {@code "read end"}
	 */
	FifoDescriptor(String pipeName, String role) throws IOException {
		this.pipeName = pipeName;
		this.role = role;
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

	/** The FIFO descriptor, -1 before {@link #attach}; only between {@code enter} and {@code leave}. */
	int fd() {
		return this.fifoFd;
	}

	/** Makes {@code fd} this end's FIFO descriptor, closing the one it replaces. Call between {@code enter} and {@code leave}. */
	void attach(int fd) {
		int previous;
		synchronized (this.lock) {
			previous = this.fifoFd;
			this.fifoFd = fd;
		}
		if (previous >= 0) {
			LibC.close(previous);
		}
	}

	/**
	 * Waits until the FIFO reports one of {@code events}, the time passes or this end is closed.
	 * @return the FIFO's {@code revents} (may include {@code POLLHUP} or {@code POLLERR}), 0 when the
	 *         time passed or a signal interrupted the wait, or {@link #CLOSED}
	 */
	int await(short events, int timeoutMillis) throws PipeException {
		this.pollFds.setInt(0, this.fifoFd);
		this.pollFds.setShort(4, events);
		this.pollFds.setShort(6, (short) 0);
		this.pollFds.setInt(8, this.wakeup.readFd());
		this.pollFds.setShort(12, LibC.POLLIN);
		this.pollFds.setShort(14, (short) 0);
		if (this.closed) {
			return CLOSED;
		}
		int ready = LibC.poll(this.pollFds, new NativeLong(2), timeoutMillis);
		if (ready < 0) {
			return interruptedOrFail();
		}
		if (this.closed || this.pollFds.getShort(14) != 0) {
			return CLOSED;
		}
		return this.pollFds.getShort(6) & 0xffff;
	}

	/**
	 * Waits {@code timeoutMillis} unless this end is closed first.
	 * @return {@code false} when closed
	 */
	boolean pause(int timeoutMillis) throws PipeException {
		this.pollFds.setInt(8, this.wakeup.readFd());
		this.pollFds.setShort(12, LibC.POLLIN);
		this.pollFds.setShort(14, (short) 0);
		if (this.closed) {
			return false;
		}
		if (LibC.poll(this.pollFds.share(8), new NativeLong(1), timeoutMillis) < 0) {
			interruptedOrFail();
		}
		return !this.closed;
	}

	/**
	 * Closes this end: wakes every wait at once and closes the descriptors as soon as no thread uses
	 * them. Idempotent.
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

	private int interruptedOrFail() throws PipeException {
		int errno = LibC.errno();
		if (errno == LibC.EINTR) {
			return 0;
		}
		throw new PipeException(this.pipeName, "poll() failed: " + LibC.describe(errno));
	}

	private void releaseDescriptors() {
		int fd;
		synchronized (this.lock) {
			fd = this.fifoFd;
			this.fifoFd = -1;
		}
		if (fd >= 0) {
			LibC.close(fd);
		}
		this.wakeup.release();
	}

}
