package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.jspecify.annotations.Nullable;

/**
 * The reading end of a pipe another process serves: a client handle opened for reading. When the
 * server's writer goes away, the connection ends ({@link InputSink#onDisconnected}) and the next
 * {@link #read} connects again, waiting for the server as long as that read may wait: a server
 * that makes a new instance for every message (npipes) is followed from one to the next.
 *
 * <p>In message mode a read returns at most one message; {@code ERROR_MORE_DATA} says that the
 * message goes on, and its rest is delivered by the next reads, in order, so the decoder sees the
 * message whole however small the read buffer is.
 */
final class ClientPipeInput extends WindowsPipeEnd implements PipeInput {

	private final int readBufferSize;

	private final ClientConnector connector;

	private long handle;

	private long connectionId;

	private boolean announced;

	private Win32Pipes.@Nullable Overlapped operation;

	private boolean pending;

	ClientPipeInput(Win32Pipes win32, String name, String path, int readBufferSize, boolean message) {
		super(win32, name, path);
		this.readBufferSize = readBufferSize;
		this.connector = new ClientConnector(this, ClientConnector.Role.READER, message);
	}

	@Override
	void openEnd(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		this.operation = this.win32.newOverlapped(this.readBufferSize);
		connected(this.connector.connect(deadlineNanos, timeout.toString()));
	}

	@Override
	public boolean read(InputSink sink, long timeoutNanos) throws IOException {
		this.lock.lock();
		try {
			requireNotClosed();
			long deadline = deadlineAfter(timeoutNanos);
			if (this.handle == 0) {
				try {
					connected(this.connector.connect(deadline, Duration.ofNanos(timeoutNanos).toString()));
				}
				catch (PipeTimeoutException ex) {
					return false;
				}
			}
			if (!this.announced) {
				this.announced = true;
				sink.onConnected(this.connectionId);
				return true;
			}
			while (true) {
				int code;
				if (this.pending) {
					if (awaitAny(new long[] { this.operation.event() }, 1, deadline) < 0) {
						return false;
					}
					this.pending = false;
					code = this.win32.getOverlappedResult(this.handle, this.operation, false);
				}
				else {
					code = this.win32.readFile(this.handle, this.operation, this.readBufferSize);
					if (code == WinError.ERROR_IO_PENDING) {
						this.pending = true;
						continue;
					}
					if (code == WinError.ERROR_SUCCESS || code == WinError.ERROR_MORE_DATA) {
						code = this.win32.getOverlappedResult(this.handle, this.operation, false);
					}
				}
				switch (code) {
					case WinError.ERROR_SUCCESS, WinError.ERROR_MORE_DATA -> {
						int count = this.operation.transferred();
						if (count > 0) {
							ByteBuffer data = this.operation.buffer();
							data.limit(count).position(0);
							sink.onData(this.connectionId, data);
							return true;
						}
					}
					case WinError.ERROR_BROKEN_PIPE, WinError.ERROR_PIPE_NOT_CONNECTED, WinError.ERROR_NO_DATA -> {
						this.win32.closeHandle(this.handle);
						this.handle = 0;
						sink.onDisconnected(this.connectionId);
						return true;
					}
					default -> throw failure("ReadFile on " + this.path + " failed", code);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void connected(long connectedHandle) {
		this.handle = connectedHandle;
		this.connectionId++;
		this.announced = false;
	}

	@Override
	void releaseEnd() {
		if (this.pending) {
			cancelAndAwait(this.handle, this.operation);
			this.pending = false;
		}
		if (this.operation != null) {
			this.operation.free();
			this.operation = null;
		}
		if (this.handle != 0) {
			this.win32.closeHandle(this.handle);
			this.handle = 0;
		}
	}

}
