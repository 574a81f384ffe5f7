package io.github.xpipe.pipe.windows;

import java.time.Duration;

import io.github.xpipe.pipe.PipeException;

/** The writing end of a pipe another process serves: a client handle opened for writing. */
final class ClientPipeOutput extends OverlappedPipeOutput {

	ClientPipeOutput(Win32Pipes win32, String name, String path) {
		super(win32, name, path);
	}

	@Override
	void openEnd(long deadlineNanos, Duration timeout) throws PipeException {
		this.handle = new ClientConnector(this, Win32Pipes.GENERIC_WRITE).connect(deadlineNanos, timeout.toString());
	}

	@Override
	void releaseHandle(long connected) {
		this.win32.closeHandle(connected);
	}

}
