package io.github.xpipe.pipe.windows;

import java.time.Duration;

import io.github.xpipe.pipe.PipeException;

/** The writing end of a pipe another process serves: a client handle opened for writing. */
final class ClientPipeOutput extends OverlappedPipeOutput {

	private final ClientConnector connector;

	ClientPipeOutput(Win32Pipes win32, String name, String path, boolean message) {
		super(win32, name, path, message);
		this.connector = new ClientConnector(this, ClientConnector.Role.WRITER, message);
	}

	@Override
	void connect(long deadlineNanos, Duration timeout) throws PipeException {
		this.handle = this.connector.connect(deadlineNanos, timeout.toString());
	}

	/** Closes the handle: what was written stays readable, and the next connection is a new instance. */
	@Override
	void releaseConnection() {
		this.win32.closeHandle(this.handle);
		this.handle = 0;
	}

	@Override
	void releaseHandle(long connected) {
		this.win32.closeHandle(connected);
	}

}
