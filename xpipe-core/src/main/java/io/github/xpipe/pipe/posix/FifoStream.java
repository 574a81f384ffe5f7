package io.github.xpipe.pipe.posix;

import io.github.xpipe.pipe.PipeException;

import org.jspecify.annotations.Nullable;

/**
 * One read descriptor of a FIFO and what a read end knows about the byte stream behind it: which
 * FIFO it is, whether a connection is in progress (bytes arrived since the last end-of-file), and
 * whether the next byte may be in the middle of a frame. Used by one thread at a time: the reading
 * thread of a {@link FifoInput}, or a {@link FifoStandby} while no read end has it.
 */
final class FifoStream {

	final int fd;

	final FileIdentity identity;

	/** The pipe's capacity in bytes, or -1 where it cannot be known (macOS). */
	final int capacity;

	/** Whether bytes arrived since the stream was opened or last reached end-of-file. */
	boolean connected;

	/** The id the current connection was reported with. */
	long connectionId;

	/**
	 * Before a connection: whether its first byte may be in the middle of a frame (the FIFO held
	 * bytes when opened, or the read end before stopped mid-frame). During one: whether what was
	 * delivered so far did not end on a frame boundary.
	 */
	boolean midFrame;

	/** Whether the FIFO at the path is another one now: this stream is read until its writers are gone. */
	boolean replaced;

	FifoStream(int fd, FileIdentity identity, boolean midFrame) {
		this.fd = fd;
		this.identity = identity;
		this.capacity = PipeCapacity.current(fd);
		this.midFrame = midFrame;
	}

	/**
	 * Opens what is at {@code fifo} for reading, as a stream not yet connected; {@code null} when
	 * nothing is there.
	 * @param presentBefore whether the FIFO was there before the reader started looking at the path:
	 *        then bytes it already holds were left by a reader that is gone, which may have stopped
	 *        mid-frame. A FIFO that appeared at the path later is assumed to start on a frame boundary:
	 *        it was made since, and its writers waited for this reader (a writer's open blocks, or
	 *        fails, until a reader comes), so bytes found in it right after opening are theirs, written
	 *        as they woke, not leftovers.
	 */
	static @Nullable FifoStream openAt(FifoPath fifo, int pipeCapacity, boolean presentBefore) throws PipeException {
		FifoPath.Opened opened = fifo.open(LibC.O_RDONLY);
		if (opened.fd() < 0 || opened.identity() == null) {
			return null;
		}
		int fd = opened.fd();
		PipeCapacity.raise(fd, pipeCapacity, fifo.pipeName());
		return new FifoStream(fd, opened.identity(), presentBefore && opened.unreadAtOpen() > 0);
	}

	void close() {
		LibC.close(this.fd);
	}

}
