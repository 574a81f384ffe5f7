package io.github.xpipe.pipe.posix;

/**
 * One open of a FIFO by a write end: its descriptor, which FIFO it is, and a use count, so that the
 * descriptor is closed only once neither the writing thread nor the {@link FifoWriteWatcher} uses
 * it (a descriptor number closed while another thread may still pass it to {@code write} or
 * {@code poll} could meanwhile name another file).
 */
final class FifoConnection {

	final int fd;

	final FileIdentity identity;

	private int users;

	private boolean retired;

	private boolean closed;

	FifoConnection(int fd, FileIdentity identity) {
		this.fd = fd;
		this.identity = identity;
	}

	/**
	 * Starts a use of the descriptor.
	 * @return {@code false} when the connection was retired: the descriptor must not be used
	 */
	synchronized boolean acquire() {
		if (this.retired) {
			return false;
		}
		this.users++;
		return true;
	}

	/** Ends a use started with {@link #acquire()}; the last one closes a retired connection. */
	void release() {
		boolean close;
		synchronized (this) {
			this.users--;
			close = this.retired && this.users == 0 && !this.closed;
			this.closed |= close;
		}
		if (close) {
			LibC.close(this.fd);
		}
	}

	/**
	 * Ends this connection: the descriptor is closed now, or by the last use in progress. Closing it
	 * is what makes the kernel drop what a departed reader left unread (once no process has the FIFO
	 * open) and lets a reader draining it see end-of-file. Idempotent.
	 */
	void retire() {
		boolean close;
		synchronized (this) {
			this.retired = true;
			close = this.users == 0 && !this.closed;
			this.closed |= close;
		}
		if (close) {
			LibC.close(this.fd);
		}
	}

	synchronized boolean isRetired() {
		return this.retired;
	}

}
