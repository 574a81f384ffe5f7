package io.github.xpipe.pipe.windows;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeClosedException;

/**
 * Waits, after a message was written, until the reader has read all of it: {@code FlushFileBuffers},
 * which blocks in the kernel. A successful flush proves the reader took the whole message; a flush
 * that fails because the reader left proves that it did not.
 *
 * <p>{@link #cancel()}, from {@code close()} on any thread, ends the wait with
 * {@code CancelIoEx(handle, NULL)}. A cancel can land in the instant between announcing the flush
 * and the kernel starting it, where there is nothing to cancel yet, so it is repeated every few
 * milliseconds until the flushing thread is out.
 */
final class ReadConfirmation {

	private static final long RECANCEL_MILLIS = 5;

	private final WindowsPipeEnd end;

	/** The handle being flushed, 0 when none. Guarded by this. */
	private long flushing;

	ReadConfirmation(WindowsPipeEnd end) {
		this.end = end;
	}

	/**
	 * Waits until the reader has read everything written to {@code handle}.
	 * @return {@code ERROR_SUCCESS}, or the code of the failed flush
	 * @throws PipeClosedException when the end was closed before or during the wait
	 */
	int awaitRead(long handle) throws PipeClosedException {
		synchronized (this) {
			this.end.requireNotClosed();
			this.flushing = handle;
		}
		int code;
		try {
			code = this.end.win32.flushFileBuffers(handle);
		}
		finally {
			synchronized (this) {
				this.flushing = 0;
				notifyAll();
			}
		}
		if (code != WinError.ERROR_SUCCESS && this.end.isClosed()) {
			throw this.end.closedException();
		}
		return code;
	}

	/** Ends a flush in progress; called once the end is marked closed. */
	synchronized void cancel() {
		while (this.flushing != 0) {
			this.end.win32.cancelIo(this.flushing);
			try {
				wait(RECANCEL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
