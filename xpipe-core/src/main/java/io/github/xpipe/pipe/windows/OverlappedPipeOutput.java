package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * A writing end over one connected pipe handle (a server instance or a client handle): overlapped
 * {@code WriteFile} from a native buffer, waiting for completion together with the cancel event.
 *
 * <p>On a byte pipe the buffer grows with the largest write up to {@link #MAX_CHUNK}; longer writes
 * go out in chunks, which is safe because nobody else writes to this handle.
 *
 * <p>On a message pipe every {@link #write} is one frame and one {@code WriteFile}, hence one
 * message, whatever its size; {@link #atomicWriteLimit()} is 1, so a {@link WritePipeEnd} hands
 * over one frame per write. Every message travels on a connection of its own, as npipes sends and
 * reads them: the write waits (up to the open timeout) for a reader to connect, writes, waits until
 * the reader has read the whole message ({@code FlushFileBuffers}), and lets the connection go (a
 * client closes its handle, a server disconnects its instance and listens for the next reader at
 * once). Messages therefore arrive one at a time, in order, whatever the number of server
 * instances. When the write or the flush fails because the reader left, the reader did not take
 * the message (a part of one is no message), so it goes to the next reader instead; other failures
 * are reported and nothing is written again.
 */
abstract class OverlappedPipeOutput extends WindowsPipeEnd implements PipeOutput {

	static final int MIN_CHUNK = 64 * 1024;

	static final int MAX_CHUNK = 1024 * 1024;

	/** The connected handle, 0 until open and while waiting for the next reader. */
	long handle;

	final boolean message;

	private Duration openTimeout = Duration.ZERO;

	private Win32Pipes.@Nullable Overlapped operation;

	private boolean pending;

	private final ReadConfirmation confirmation;

	OverlappedPipeOutput(Win32Pipes win32, String name, String path, boolean message) {
		super(win32, name, path);
		this.message = message;
		this.confirmation = new ReadConfirmation(this);
	}

	/**
	 * {@value WritePipeEnd#SINGLE_WRITER_BATCH_LIMIT} bytes on a byte pipe: every client has a pipe
	 * instance of its own, so this handle has no other writer whose bytes could interleave with a
	 * batch. 1 on a message pipe: every frame must be a write, and so a message, of its own.
	 */
	@Override
	public int atomicWriteLimit() {
		return this.message ? 1 : WritePipeEnd.SINGLE_WRITER_BATCH_LIMIT;
	}

	@Override
	final void openEnd(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		this.openTimeout = timeout;
		connect(deadlineNanos, timeout);
	}

	/** Connects {@link #handle} to a reader, waiting until the deadline. */
	abstract void connect(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception;

	/**
	 * Lets go of the connected reader, done with or gone: a client closes its handle; a server
	 * disconnects its instance and starts listening for the next reader at once.
	 */
	abstract void releaseConnection() throws PipeException, Win32Exception;

	@Override
	public void write(ByteBuffer source) throws IOException {
		this.lock.lock();
		try {
			requireNotClosed();
			if (this.message) {
				writeMessage(source);
				return;
			}
			if (this.handle == 0) {
				throw new IllegalStateException("Pipe '" + this.name + "' is not open");
			}
			while (source.hasRemaining()) {
				Win32Pipes.Overlapped buffer = fill(source, Math.min(source.remaining(), MAX_CHUNK));
				int code = writeFully(buffer, buffer.buffer().position());
				if (code != WinError.ERROR_SUCCESS) {
					throw writeFailure(code);
				}
				source.position(source.position() + buffer.transferred());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void writeMessage(ByteBuffer source) throws IOException {
		int length = source.remaining();
		Win32Pipes.Overlapped buffer = fill(source, length);
		while (true) {
			if (this.handle == 0) {
				awaitReader();
			}
			int code = writeFully(buffer, length);
			if (code == WinError.ERROR_SUCCESS && buffer.transferred() != length) {
				throw new PipeException(this.name, "WriteFile on " + this.path + " wrote " + buffer.transferred()
						+ " of the " + length + " bytes of a message");
			}
			if (code == WinError.ERROR_SUCCESS) {
				code = this.confirmation.awaitRead(this.handle);
			}
			if (code != WinError.ERROR_SUCCESS && !readerGone(code)) {
				throw failure("writing a message to " + this.path + " failed", code);
			}
			// delivered, or the reader left before it had the whole message, which the next reader then gets
			release();
			if (code == WinError.ERROR_SUCCESS) {
				source.position(source.limit());
				return;
			}
			requireNotClosed();
		}
	}

	/** Waits, as long as opening may, for the reader of the next message. */
	private void awaitReader() throws PipeException {
		try {
			connect(deadlineAfter(saturatedNanos(this.openTimeout)), this.openTimeout);
		}
		catch (Win32Exception ex) {
			throw failure("cannot wait for a reader of " + this.path, ex);
		}
	}

	private void release() throws PipeException {
		try {
			releaseConnection();
		}
		catch (Win32Exception ex) {
			throw failure("cannot wait for the next reader of " + this.path, ex);
		}
	}

	/** The native buffer, holding the next {@code length} bytes of {@code source} from position 0. */
	private Win32Pipes.Overlapped fill(ByteBuffer source, int length) throws PipeException {
		Win32Pipes.Overlapped buffer = buffer(length);
		ByteBuffer target = buffer.buffer();
		target.clear();
		target.put(source.duplicate().limit(source.position() + length));
		return buffer;
	}

	/** Writes the buffer's first {@code length} bytes, waiting for completion; the Win32 code. */
	private int writeFully(Win32Pipes.Overlapped buffer, int length) throws PipeException {
		int code = this.win32.writeFile(this.handle, buffer, length);
		if (code == WinError.ERROR_IO_PENDING) {
			this.pending = true;
			awaitAny(new long[] { buffer.event() }, 1, deadlineAfter(Long.MAX_VALUE));
			this.pending = false;
			return this.win32.getOverlappedResult(this.handle, buffer, false);
		}
		if (code == WinError.ERROR_SUCCESS) {
			return this.win32.getOverlappedResult(this.handle, buffer, false);
		}
		return code;
	}

	private PipeException writeFailure(int code) {
		if (readerGone(code)) {
			return new BrokenPipeException(this.name, "the reader has gone (" + describe(code) + ")");
		}
		return failure("WriteFile on " + this.path + " failed", code);
	}

	private static boolean readerGone(int code) {
		return code == WinError.ERROR_NO_DATA || code == WinError.ERROR_BROKEN_PIPE
				|| code == WinError.ERROR_PIPE_NOT_CONNECTED;
	}

	/**
	 * A buffer of at least {@code wanted} bytes: a power of two from {@link #MIN_CHUNK}, at most
	 * {@link #MAX_CHUNK} on a byte pipe; exactly the message on a message pipe when it is larger.
	 */
	private Win32Pipes.Overlapped buffer(int wanted) throws PipeException {
		int size = (wanted > MAX_CHUNK) ? (this.message ? wanted : MAX_CHUNK)
				: Math.max(MIN_CHUNK, Integer.highestOneBit(Math.max(wanted, 1) - 1) << 1);
		if (this.operation != null && this.operation.buffer().capacity() >= size) {
			return this.operation;
		}
		if (this.operation != null) {
			this.operation.free();
			this.operation = null;
		}
		try {
			this.operation = this.win32.newOverlapped(size);
		}
		catch (Win32Exception ex) {
			throw failure("cannot allocate overlapped I/O", ex);
		}
		return this.operation;
	}

	@Override
	void wakeBlockedCall() {
		this.confirmation.cancel();
	}

	@Override
	final void releaseEnd() {
		if (this.operation != null) {
			if (this.pending) {
				cancelAndAwait(this.handle, this.operation);
				this.pending = false;
			}
			this.operation.free();
			this.operation = null;
		}
		if (this.handle != 0) {
			releaseHandle(this.handle);
			this.handle = 0;
		}
		releaseConnecting();
	}

	/** Gives the connected handle back (server instance) or closes it (client). */
	abstract void releaseHandle(long connected);

	/** Releases whatever an interrupted connect left behind. */
	void releaseConnecting() {
	}

}
