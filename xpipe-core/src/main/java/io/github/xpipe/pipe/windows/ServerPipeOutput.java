package io.github.xpipe.pipe.windows;

import java.time.Duration;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeTimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * The writing end of a pipe this process serves: {@link #open} waits for a reader to connect to a
 * server instance, then writes go to that reader. On a byte pipe, when the reader leaves, writes
 * fail with a {@link io.github.xpipe.pipe.BrokenPipeException} and a new end waits for the next
 * reader. On a message pipe the instance is disconnected and waits for the next reader itself, so
 * that readers taking one message per connection (npipes) are served one after the other.
 */
final class ServerPipeOutput extends OverlappedPipeOutput {

	private final WindowsCreatedPipe created;

	/** The instance waiting for a reader, 0 while connected. */
	private long listening;

	private Win32Pipes.@Nullable Overlapped connect;

	private boolean connectPending;

	ServerPipeOutput(Win32Pipes win32, String name, String path, WindowsCreatedPipe created, boolean message) {
		super(win32, name, path, message);
		this.created = created;
	}

	@Override
	void connect(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		if (this.listening == 0) {
			this.listening = this.created.acquireInstance();
		}
		if (this.connect == null) {
			this.connect = this.win32.newOverlapped(0);
		}
		while (true) {
			int code = this.win32.connectNamedPipe(this.listening, this.connect);
			if (code == WinError.ERROR_IO_PENDING) {
				this.connectPending = true;
				int index = awaitAny(new long[] { this.connect.event() }, 1, deadlineNanos);
				if (index < 0) {
					cancelAndAwait(this.listening, this.connect);
					this.connectPending = false;
					throw new PipeTimeoutException(this.name, "no reader connected to " + this.path + " within " + timeout);
				}
				this.connectPending = false;
				code = this.win32.getOverlappedResult(this.listening, this.connect, false);
			}
			switch (code) {
				// ERROR_PIPE_CONNECTED: the reader connected before ConnectNamedPipe was called
				case WinError.ERROR_SUCCESS, WinError.ERROR_PIPE_CONNECTED -> {
					this.handle = this.listening;
					this.listening = 0;
					return;
				}
				case WinError.ERROR_NO_DATA ->
					// a reader came and went before we saw it: disconnect that instance and listen again
					this.win32.disconnectNamedPipe(this.listening);
				default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
			}
			requireNotClosed();
		}
	}

	/** Disconnects the reader that left; the same instance then waits for the next. */
	@Override
	void dropConnection() {
		this.win32.disconnectNamedPipe(this.handle);
		this.listening = this.handle;
		this.handle = 0;
	}

	@Override
	void releaseHandle(long connected) {
		if (this.message) {
			// every message written was read (or reported failed): nothing unread to keep
			this.created.releaseInstance(connected);
		}
		else {
			// the reader may not have read everything written yet: closing keeps that readable
			this.created.closeInstance(connected);
		}
	}

	@Override
	void releaseConnecting() {
		if (this.connect != null) {
			if (this.connectPending) {
				cancelAndAwait(this.listening, this.connect);
				this.connectPending = false;
			}
			this.connect.free();
			this.connect = null;
		}
		if (this.listening != 0) {
			this.created.releaseInstance(this.listening);
			this.listening = 0;
		}
	}

}
