package io.github.xpipe.pipe.windows;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeTimeoutException;

/**
 * Opens the client side of a pipe another process serves: {@code CreateFile} with
 * {@code SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION}, so a server can learn who we are but
 * never act as us.
 *
 * <p>Until the deadline it keeps trying: on {@code ERROR_PIPE_BUSY} (every instance taken) it waits
 * in {@code WaitNamedPipe}, in slices short enough for close to be honoured within 100 ms; on
 * {@code ERROR_FILE_NOT_FOUND} (no server yet: it may still be starting) it pauses on the cancel
 * event, backing off from 5 to 50 ms. When the deadline passes the open fails with a
 * {@link PipeTimeoutException}, whose cause is a {@link PipeNotFoundException} if no server ever
 * had the name.
 */
final class ClientConnector {

	static final int FLAGS = Win32Pipes.FILE_FLAG_OVERLAPPED | Win32Pipes.SECURITY_SQOS_PRESENT
			| Win32Pipes.SECURITY_IDENTIFICATION;

	private static final int MIN_BACKOFF_MILLIS = 5;

	private final WindowsPipeEnd end;

	private final int access;

	ClientConnector(WindowsPipeEnd end, int access) {
		this.end = end;
		this.access = access;
	}

	/**
	 * A connected client handle.
	 * @throws PipeTimeoutException when no server instance became available before the deadline
	 * @throws io.github.xpipe.pipe.PipeClosedException when the end was closed meanwhile
	 */
	long connect(long deadlineNanos, String waited) throws PipeException {
		Win32Pipes win32 = this.end.win32;
		String path = this.end.path;
		int backoff = MIN_BACKOFF_MILLIS;
		while (true) {
			this.end.requireNotClosed();
			int code;
			try {
				return win32.createFile(path, this.access, FLAGS);
			}
			catch (Win32Exception ex) {
				code = ex.code();
			}
			int remaining = WindowsPipeEnd.millisUntil(deadlineNanos);
			switch (code) {
				case Win32Pipes.ERROR_PIPE_BUSY -> {
					if (remaining == 0) {
						throw new PipeTimeoutException(this.end.name,
								"every instance of " + path + " stayed busy for " + waited);
					}
					int wait = win32.waitNamedPipe(path, sliceOf(remaining));
					if (wait != Win32Pipes.ERROR_SUCCESS && wait != Win32Pipes.ERROR_SEM_TIMEOUT
							&& wait != Win32Pipes.ERROR_FILE_NOT_FOUND) {
						throw this.end.failure("WaitNamedPipe on " + path + " failed", wait);
					}
				}
				case Win32Pipes.ERROR_FILE_NOT_FOUND -> {
					if (remaining == 0) {
						throw new PipeTimeoutException(this.end.name, "no server created " + path + " within " + waited,
								new PipeNotFoundException(this.end.name, "no server has created " + path));
					}
					this.end.pause((remaining == Win32Pipes.INFINITE) ? backoff : Math.min(backoff, remaining));
					backoff = Math.min(backoff * 2, WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS);
				}
				case Win32Pipes.ERROR_ACCESS_DENIED -> throw new PipeException(this.end.name,
						"access to " + path + " denied: the server's security descriptor does not admit this user");
				default -> throw this.end.failure("CreateFile on " + path + " failed", code);
			}
		}
	}

	private static int sliceOf(int remaining) {
		return (remaining == Win32Pipes.INFINITE) ? WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS
				: Math.min(remaining, WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS);
	}

}
