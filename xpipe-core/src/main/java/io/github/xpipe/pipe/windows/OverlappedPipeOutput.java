package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * A writing end over one connected pipe handle (a server instance or a client handle): overlapped
 * {@code WriteFile} from a native buffer, waiting for completion together with the cancel event.
 * The buffer grows with the largest write up to {@link #MAX_CHUNK}; longer writes go out in chunks,
 * which is safe because nobody else writes to this handle.
 */
abstract class OverlappedPipeOutput extends WindowsPipeEnd implements PipeOutput {

	static final int MIN_CHUNK = 64 * 1024;

	static final int MAX_CHUNK = 1024 * 1024;

	/** The connected handle, 0 until open. */
	long handle;

	private Win32Pipes.@Nullable Overlapped operation;

	private boolean pending;

	OverlappedPipeOutput(Win32Pipes win32, String name, String path) {
		super(win32, name, path);
	}

	/**
	 * {@value WritePipeEnd#SINGLE_WRITER_BATCH_LIMIT} bytes: every client has a pipe instance of its
	 * own, so this handle has no other writer whose bytes could interleave with a batch.
	 */
	@Override
	public int atomicWriteLimit() {
		return WritePipeEnd.SINGLE_WRITER_BATCH_LIMIT;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		this.lock.lock();
		try {
			requireNotClosed();
			if (this.handle == 0) {
				throw new IllegalStateException("Pipe '" + this.name + "' is not open");
			}
			while (source.hasRemaining()) {
				int chunk = writeChunk(source);
				source.position(source.position() + chunk);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private int writeChunk(ByteBuffer source) throws IOException {
		Win32Pipes.Overlapped buffer = buffer(source.remaining());
		ByteBuffer target = buffer.buffer();
		int length = Math.min(source.remaining(), target.capacity());
		target.clear();
		target.put(source.duplicate().limit(source.position() + length));
		int code = this.win32.writeFile(this.handle, buffer, length);
		if (code == Win32Pipes.ERROR_IO_PENDING) {
			this.pending = true;
			awaitAny(new long[] { buffer.event() }, 1, deadlineAfter(Long.MAX_VALUE));
			this.pending = false;
			code = this.win32.getOverlappedResult(this.handle, buffer, false);
		}
		else if (code == Win32Pipes.ERROR_SUCCESS) {
			code = this.win32.getOverlappedResult(this.handle, buffer, false);
		}
		switch (code) {
			case Win32Pipes.ERROR_SUCCESS -> {
				return buffer.transferred();
			}
			case Win32Pipes.ERROR_NO_DATA, Win32Pipes.ERROR_BROKEN_PIPE, Win32Pipes.ERROR_PIPE_NOT_CONNECTED ->
				throw new BrokenPipeException(this.name, "the reader has gone (Win32 error " + code + ")");
			default -> throw failure("WriteFile on " + this.path + " failed", code);
		}
	}

	private Win32Pipes.Overlapped buffer(int wanted) throws PipeException {
		int size = (wanted >= MAX_CHUNK) ? MAX_CHUNK : Math.max(MIN_CHUNK, Integer.highestOneBit(wanted - 1) << 1);
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

	/** Releases whatever an interrupted open left behind. */
	void releaseConnecting() {
	}

}
