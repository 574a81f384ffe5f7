package io.github.xpipe.pipe.spi;

import io.github.xpipe.pipe.PipeException;

/** An operating-system pipe this process created, with what it needs to remove it again. */
public interface CreatedPipe {

	/**
	 * Whether this process made the pipe. A POSIX FIFO of this user that already existed is reused
	 * but not made here, and {@link #delete()} leaves it in place.
	 */
	boolean madeHere();

	/**
	 * Removes what this process made: unlinks the FIFO only if it still is the very file created
	 * here (same device and inode), closes Windows server handles. Idempotent.
	 */
	void delete() throws PipeException;

}
