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
 * reader. On a message pipe each message has a reader of its own: once it has read the message,
 * the instance is disconnected and listens for the next reader at once, so that readers connecting
 * for one message each (npipes) find it free.
 */
final class ServerPipeOutput extends OverlappedPipeOutput {

	private final WindowsCreatedPipe created;

	/** The instance waiting for a reader, 0 while connected. */
	private long listening;

	private Win32Pipes.@Nullable Overlapped connect;

	/** Whether a ConnectNamedPipe on {@link #listening} is in flight. */
	private boolean connectPending;

	/** Whether {@link #listening} has a reader connected already. */
	private boolean readerArrived;

	ServerPipeOutput(Win32Pipes win32, String name, String path, WindowsCreatedPipe created, boolean message) {
		super(win32, name, path, message);
		this.created = created;
	}

	@Override
	void connect(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		if (!this.connectPending && !this.readerArrived) {
			listen();
		}
		while (!this.readerArrived) {
			int index = awaitAny(new long[] { this.connect.event() }, 1, deadlineNanos);
			if (index < 0) {
				cancelAndAwait(this.listening, this.connect);
				this.connectPending = false;
				throw new PipeTimeoutException(this.name, "no reader connected to " + this.path + " within " + timeout);
			}
			this.connectPending = false;
			connected(this.win32.getOverlappedResult(this.listening, this.connect, false));
		}
		this.handle = this.listening;
		this.listening = 0;
		this.readerArrived = false;
	}

	/** Starts listening on the instance, taking one from the created pipe first if needed. */
	private void listen() throws PipeException, Win32Exception {
		if (this.listening == 0) {
			this.listening = this.created.acquireInstance();
		}
		if (this.connect == null) {
			this.connect = this.win32.newOverlapped(0);
		}
		int code = this.win32.connectNamedPipe(this.listening, this.connect);
		if (code == WinError.ERROR_IO_PENDING) {
			this.connectPending = true;
		}
		else {
			connected(code);
		}
	}

	/** Acts on the result of a connect: a reader arrived, or listen again. */
	private void connected(int code) throws PipeException, Win32Exception {
		switch (code) {
			// ERROR_PIPE_CONNECTED: the reader connected before ConnectNamedPipe was called
			case WinError.ERROR_SUCCESS, WinError.ERROR_PIPE_CONNECTED -> this.readerArrived = true;
			case WinError.ERROR_NO_DATA -> {
				// a reader came and went before we saw it: disconnect that instance and listen again
				this.win32.disconnectNamedPipe(this.listening);
				requireNotClosed();
				listen();
			}
			default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
		}
	}

	/** Disconnects the reader, which has read everything or is gone, and listens for the next. */
	@Override
	void releaseConnection() throws PipeException, Win32Exception {
		this.win32.disconnectNamedPipe(this.handle);
		this.listening = this.handle;
		this.handle = 0;
		listen();
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
