package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.MessageSizedSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.jspecify.annotations.Nullable;

/**
 * The read end of a FIFO: a non-blocking descriptor that survives writers coming and going.
 *
 * <p>Opening never waits: {@code open(O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)} succeeds whether or
 * not a writer exists. Reading then works per chunk, not per message: one {@code read(2)} of up to
 * {@link PipeOptions#readBufferSize()} bytes into a reused direct buffer, handed to the sink whole (it
 * usually holds many frames), so there is one JNA call per chunk and none per message. While a
 * {@link MessageSizedSink} is in the middle of a message longer than that, a read asks for the rest
 * of the message plus one read buffer's worth, capped by the pipe's capacity (more is never there):
 * a 1 MiB message then costs about one {@code read(2)}, and wakes a blocked writer about once,
 * instead of once per read buffer. The buffer grows to the pipe's capacity the first time this
 * happens and keeps that size. While a writer
 * is connected the next chunk is read straight away, and {@code poll(2)} (on the FIFO and the
 * {@link WakeupPipe}) runs only when the pipe is empty; with no writer the end sleeps in
 * {@code poll}, without busy-waiting, until a writer sends data or {@link #close()} wakes it.
 *
 * <p>A connection starts with the first bytes after opening or after the previous connection ended,
 * and ends when {@code read(2)} returns 0: the last writer closed. The end then opens a fresh
 * descriptor <em>before</em> closing the old one, so the FIFO never lacks a reader (a writer's open
 * would fail meanwhile): on Linux a fresh descriptor does not report the old hang-up, so the next
 * {@code poll} sleeps until a new writer comes. Where a fresh descriptor still reports end-of-file
 * while no writer is there (systems that keep the hang-up on the FIFO rather than on the descriptor,
 * as macOS does), repeated empty hang-ups are waited out with a back-off of up to 50 ms instead of
 * spinning. A writer that opens and closes without writing a byte is not reported as a connection.
 * If the FIFO is removed or replaced by something unsafe while this end is open, the next read
 * throws and every later one too: no writer can reach this reader any more.
 */
final class FifoInput extends FifoEnd implements PipeInput {

	private static final int MAX_IDLE_BACKOFF_MILLIS = 50;

	private ByteBuffer buffer;

	private long bufferAddress;

	/** The largest read: the pipe's capacity once open, never less than the configured read size. */
	private int maxReadSize;

	private boolean connected;

	private long connectionId;

	private int emptyHangups;

	private @Nullable PipeException pendingFailure;

	FifoInput(FifoPath fifo, PipeOptions options) {
		super(fifo, options, "read end");
		this.buffer = ByteBuffer.allocateDirect(options.readBufferSize());
		this.bufferAddress = LibC.address(this.buffer);
		this.maxReadSize = options.readBufferSize();
	}

	@Override
	public void open(Duration timeout) throws PipeException {
		FifoDescriptor opening = startOpening();
		try {
			int fd = this.fifo.tryOpen(LibC.O_RDONLY);
			if (fd < 0) {
				throw new PipeNotFoundException(this.fifo.pipeName(), "no FIFO at " + this.fifo.path()
						+ ": create the pipe first (NamedPipe.create()) or start the process that owns it");
			}
			opening.attach(fd);
			PipeCapacity.raise(fd, this.options.pipeCapacity(), this.fifo.pipeName());
			this.maxReadSize = Math.max(this.options.readBufferSize(), PipeCapacity.current(fd));
			finishOpening();
		}
		catch (PipeException | RuntimeException ex) {
			failOpening(opening);
			throw ex;
		}
		finally {
			opening.leave();
		}
	}

	@Override
	public boolean read(InputSink sink, long timeoutNanos) throws IOException {
		FifoDescriptor open = requireOpen();
		open.enter();
		try {
			return readWithin(open, sink, Deadline.after(timeoutNanos));
		}
		finally {
			open.leave();
		}
	}

	private boolean readWithin(FifoDescriptor open, InputSink sink, Deadline deadline) throws IOException {
		PipeException failure = this.pendingFailure;
		if (failure != null) {
			throw failure;
		}
		while (true) {
			if (this.connected) {
				long count = readChunk(open.fd(), readSize(sink));
				if (count > 0) {
					deliver(sink, count);
					return true;
				}
				if (count == 0) {
					this.connected = false;
					reopenAfterHangup(open, true);
					sink.onDisconnected(this.connectionId);
					return true;
				}
			}
			int events = open.await(LibC.POLLIN, deadline.remainingMillis(Integer.MAX_VALUE));
			if (events == FifoDescriptor.CLOSED) {
				throw open.closedException();
			}
			if ((events & LibC.POLLNVAL) != 0) {
				throw new PipeException(this.fifo.pipeName(), "poll() reports an invalid descriptor for " + this.fifo);
			}
			if (events != 0 && !this.connected) {
				long count = readChunk(open.fd(), this.options.readBufferSize());
				if (count > 0) {
					this.connected = true;
					this.connectionId++;
					this.emptyHangups = 0;
					sink.onConnected(this.connectionId);
					deliver(sink, count);
					return true;
				}
				if (count == 0 && !waitOutEmptyHangup(open, deadline)) {
					return false;
				}
			}
			if (events == 0 && deadline.hasPassed()) {
				return false;
			}
		}
	}

	private void deliver(InputSink sink, long count) {
		ByteBuffer chunk = this.buffer;
		chunk.clear().limit((int) count);
		sink.onData(this.connectionId, chunk);
	}

	/**
	 * The configured read size, or while the sink is in the middle of a longer message the rest of it
	 * plus the configured size, at most {@link #maxReadSize}.
	 */
	private int readSize(InputSink sink) {
		int size = this.options.readBufferSize();
		if (sink instanceof MessageSizedSink sized) {
			long missing = sized.missingMessageBytes(this.connectionId);
			if (missing > size) {
				return (int) Math.min(missing + size, this.maxReadSize);
			}
		}
		return size;
	}

	/** The bytes the largest read asks for: the pipe's capacity once open (for tests). */
	int maxReadSize() {
		return this.maxReadSize;
	}

	/** The size of the read buffer now (for tests). */
	int bufferCapacity() {
		return this.buffer.capacity();
	}

	/** One {@code read(2)} of up to {@code size} bytes: the byte count, 0 at end-of-file (no writer left), -1 when empty for now. */
	private long readChunk(int fd, int size) throws PipeException {
		if (size > this.buffer.capacity()) {
			this.buffer = ByteBuffer.allocateDirect(this.maxReadSize);
			this.bufferAddress = LibC.address(this.buffer);
		}
		while (true) {
			long count = LibC.read(fd, this.bufferAddress, size);
			if (count >= 0) {
				return count;
			}
			int errno = LibC.errno();
			if (errno == LibC.EAGAIN) {
				return -1;
			}
			if (errno != LibC.EINTR) {
				throw new PipeException(this.fifo.pipeName(), "read() from " + this.fifo + " failed: " + LibC.describe(errno));
			}
		}
	}

	/**
	 * A hang-up with no connection: a writer came and went without data, or (macOS) the FIFO still
	 * reports the previous hang-up. Reopens, and backs off when it keeps happening.
	 * @return {@code false} when the deadline passed while backing off
	 */
	private boolean waitOutEmptyHangup(FifoDescriptor open, Deadline deadline) throws IOException {
		reopenAfterHangup(open, false);
		this.emptyHangups++;
		if (this.emptyHangups < 2) {
			return true;
		}
		int backoff = Math.min(1 << Math.min(this.emptyHangups - 2, 6), MAX_IDLE_BACKOFF_MILLIS);
		if (!open.pause(Math.min(backoff, deadline.remainingMillis(MAX_IDLE_BACKOFF_MILLIS)))) {
			throw open.closedException();
		}
		return !deadline.hasPassed();
	}

	/**
	 * Replaces the descriptor with a fresh one, opened before the old one is closed. After a
	 * disconnect a failure is kept for the next read, so the disconnect itself is still reported.
	 */
	private void reopenAfterHangup(FifoDescriptor open, boolean deferFailure) throws PipeException {
		try {
			int fd = this.fifo.tryOpen(LibC.O_RDONLY);
			if (fd < 0) {
				throw new PipeNotFoundException(this.fifo.pipeName(), this.fifo.path()
						+ " was removed while its read end was open: no writer can reach this reader any more");
			}
			open.attach(fd);
		}
		catch (PipeException ex) {
			if (!deferFailure) {
				throw ex;
			}
			this.pendingFailure = ex;
		}
	}

}
