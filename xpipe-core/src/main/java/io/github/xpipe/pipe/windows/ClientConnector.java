package io.github.xpipe.pipe.windows;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
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
 * {@code ERROR_FILE_NOT_FOUND} (no server yet: it may still be starting, or be between the
 * instances it makes one per connection) it pauses on the cancel event, backing off from 5 to
 * 50 ms. When the deadline passes the open fails with a {@link PipeTimeoutException}, whose cause is
 * a {@link PipeNotFoundException} if no server ever had the name.
 *
 * <p>In message mode the handle also gets the attribute right it needs ({@code FILE_WRITE_ATTRIBUTES}
 * to read, {@code FILE_READ_ATTRIBUTES} to write), the server's pipe must be a message pipe, and a
 * reader's handle is switched to {@code PIPE_READMODE_MESSAGE}.
 */
final class ClientConnector {

	static final int FLAGS = WinNT.FILE_FLAG_OVERLAPPED | Win32Pipes.SECURITY_SQOS_PRESENT
			| Win32Pipes.SECURITY_IDENTIFICATION;

	private static final int MIN_BACKOFF_MILLIS = 5;

	/** Which side of the data this client is. */
	enum Role {

		READER, WRITER

	}

	private final WindowsPipeEnd end;

	private final Role role;

	private final boolean message;

	ClientConnector(WindowsPipeEnd end, Role role, boolean message) {
		this.end = end;
		this.role = role;
		this.message = message;
	}

	/** {@code dwDesiredAccess} of the client handle. */
	int access() {
		if (this.role == Role.READER) {
			return this.message ? WinNT.GENERIC_READ | WinNT.FILE_WRITE_ATTRIBUTES : WinNT.GENERIC_READ;
		}
		return this.message ? WinNT.GENERIC_WRITE | WinNT.FILE_READ_ATTRIBUTES : WinNT.GENERIC_WRITE;
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
				return prepared(win32.createFile(path, access(), FLAGS));
			}
			catch (Win32Exception ex) {
				code = ex.code();
			}
			int remaining = WindowsPipeEnd.millisUntil(deadlineNanos);
			switch (code) {
				case WinError.ERROR_PIPE_BUSY -> {
					if (remaining == 0) {
						throw new PipeTimeoutException(this.end.name,
								"every instance of " + path + " stayed busy for " + waited);
					}
					int wait = win32.waitNamedPipe(path, sliceOf(remaining));
					if (!isWaitOver(wait)) {
						throw this.end.failure("WaitNamedPipe on " + path + " failed", wait);
					}
				}
				case WinError.ERROR_FILE_NOT_FOUND -> {
					if (remaining == 0) {
						throw new PipeTimeoutException(this.end.name, "no server created " + path + " within " + waited,
								new PipeNotFoundException(this.end.name, "no server has created " + path));
					}
					this.end.pause((remaining == WinBase.INFINITE) ? backoff : Math.min(backoff, remaining));
					backoff = Math.min(backoff * 2, WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS);
				}
				case WinError.ERROR_ACCESS_DENIED -> throw new PipeException(this.end.name, "access to " + path
						+ " denied: the server's security descriptor does not admit this user, or its pipe takes no "
						+ ((this.role == Role.READER) ? "readers" : "writers"));
				default -> throw this.end.failure("CreateFile on " + path + " failed", code);
			}
		}
	}

	/** The handle, checked and set up for message mode when that is asked for; closed on failure. */
	private long prepared(long handle) throws PipeException {
		if (!this.message) {
			return handle;
		}
		Win32Pipes win32 = this.end.win32;
		try {
			if ((win32.namedPipeFlags(handle) & WinBase.PIPE_TYPE_MESSAGE) == 0) {
				throw new PipeException(this.end.name, "pipe-mode is 'message' but the server created " + this.end.path
						+ " as a byte pipe: set pipe-mode to 'byte' (PipeMode.BYTE)");
			}
			if (this.role == Role.READER) {
				int code = win32.setNamedPipeReadMode(handle, WinBase.PIPE_READMODE_MESSAGE);
				if (code != WinError.ERROR_SUCCESS) {
					throw this.end.failure("SetNamedPipeHandleState(PIPE_READMODE_MESSAGE) on " + this.end.path
							+ " failed", code);
				}
			}
			return handle;
		}
		catch (Win32Exception ex) {
			win32.closeHandle(handle);
			throw this.end.failure("GetNamedPipeInfo on " + this.end.path + " failed", ex);
		}
		catch (PipeException | RuntimeException ex) {
			win32.closeHandle(handle);
			throw ex;
		}
	}

	/**
	 * Whether a {@code WaitNamedPipe} result just means "try again": an instance is free, the slice
	 * passed, or the pipe went away while waiting (the last instance closed: Windows says the name is
	 * not found, Wine {@code ERROR_HANDLES_CLOSED}), as a server making an instance per message does.
	 */
	private static boolean isWaitOver(int code) {
		return code == WinError.ERROR_SUCCESS || code == WinError.ERROR_SEM_TIMEOUT
				|| code == WinError.ERROR_FILE_NOT_FOUND || code == WinError.ERROR_HANDLES_CLOSED;
	}

	private static int sliceOf(int remaining) {
		return (remaining == WinBase.INFINITE) ? WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS
				: Math.min(remaining, WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS);
	}

}
