package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The write end of a FIFO.
 *
 * <p>Opening uses {@code open(O_WRONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)}, which fails with
 * {@code ENXIO} while no reader has the FIFO open (and with {@code ENOENT} while it does not exist
 * yet). Both are retried with a back-off from 1 ms doubling to 50 ms until the timeout, each pause a
 * {@code poll(2)} on the {@link WakeupPipe} so that {@link #close()} cancels it at once.
 *
 * <p>Writing hands the whole remaining buffer to one {@code write(2)} and loops over partial writes;
 * a buffer of up to {@code PIPE_BUF} bytes is therefore one atomic write, never interleaved with
 * another process's. A partial write means the pipe is full, so the next attempt waits for room
 * first instead of costing a {@code write(2)} that would fail with {@code EAGAIN}. While the pipe is
 * full the end waits in {@code poll(POLLOUT)} alongside the
 * wake-up pipe: back-pressure without busy-waiting, cancellable by {@code close()}. A reader gone is
 * {@code EPIPE} (the JVM ignores {@code SIGPIPE}), reported as a {@link BrokenPipeException}.
 * Direct buffers are written in place; heap buffers through a reused direct staging buffer.
 */
final class FifoOutput extends FifoEnd implements PipeOutput {

	private static final int MAX_OPEN_BACKOFF_MILLIS = 50;

	private static final int STAGING_SIZE = 1024 * 1024;

	private @Nullable ByteBuffer staging;

	private long stagingAddress;

	/** The direct buffer last written and its address: callers reuse their buffers, so this saves a lookup per write. */
	private @Nullable ByteBuffer lastDirect;

	private long lastDirectAddress;

	FifoOutput(FifoPath fifo, PipeOptions options) {
		super(fifo, options, "write end");
	}

	@Override
	public void open(Duration timeout) throws PipeException {
		FifoDescriptor opening = startOpening();
		try {
			Deadline deadline = Deadline.after(timeout);
			int backoff = 1;
			while (true) {
				int fd = this.fifo.tryOpen(LibC.O_WRONLY);
				if (fd >= 0) {
					opening.attach(fd);
					PipeCapacity.raise(fd, this.options.pipeCapacity(), this.fifo.pipeName());
					finishOpening();
					return;
				}
				if (deadline.hasPassed()) {
					throw openTimedOut(-fd, timeout);
				}
				if (!opening.pause(Math.min(backoff, deadline.remainingMillis(MAX_OPEN_BACKOFF_MILLIS)))) {
					throw opening.closedException();
				}
				backoff = Math.min(backoff * 2, MAX_OPEN_BACKOFF_MILLIS);
			}
		}
		catch (PipeException | RuntimeException ex) {
			failOpening(opening);
			throw ex;
		}
		finally {
			opening.leave();
		}
	}

	/** {@code PIPE_BUF}: 4096 bytes on Linux, 512 on macOS. */
	@Override
	public int atomicWriteLimit() {
		return LibC.PIPE_BUF;
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		FifoDescriptor open = requireOpen();
		open.enter();
		try {
			int fd = open.fd();
			while (source.hasRemaining()) {
				int attempted = attemptLength(source);
				long written = writeOnce(fd, source, attempted);
				if (written > 0) {
					source.position(source.position() + (int) written);
					if (written < attempted) {
						// A short write leaves the pipe full: wait for room rather than fail a write(2) with EAGAIN.
						awaitRoom(open, -LibC.EAGAIN);
					}
				}
				else {
					awaitRoom(open, written);
				}
			}
		}
		finally {
			open.leave();
		}
	}

	/** How many bytes the next {@code write(2)} offers: all that remains, at most a staging buffer's worth from the heap. */
	private static int attemptLength(ByteBuffer source) {
		return source.isDirect() ? source.remaining() : Math.min(source.remaining(), STAGING_SIZE);
	}

	/** One {@code write(2)} of the next {@code length} bytes: the byte count, or minus the errno. */
	private long writeOnce(int fd, ByteBuffer source, int length) {
		long from = source.isDirect() ? directAddress(source) + source.position() : stage(source, length);
		long written = LibC.write(fd, from, length);
		return (written >= 0) ? written : -LibC.errno();
	}

	/** After a write that wrote nothing, or not all: waits for room, or reports why there will be none. */
	private void awaitRoom(FifoDescriptor open, long result) throws IOException {
		int errno = (int) -result;
		if (errno == LibC.EPIPE) {
			throw new BrokenPipeException(this.fifo.pipeName(), "the reader of " + this.fifo
					+ " went away (EPIPE); this write end is finished, open a new one to reconnect");
		}
		if (errno == LibC.EINTR) {
			return;
		}
		if (errno != LibC.EAGAIN && errno != 0) {
			throw new PipeException(this.fifo.pipeName(), "write() to " + this.fifo + " failed: " + LibC.describe(errno));
		}
		if (open.await(LibC.POLLOUT, -1) == FifoDescriptor.CLOSED) {
			throw open.closedException();
		}
	}

	private long directAddress(ByteBuffer direct) {
		if (direct != this.lastDirect) {
			this.lastDirectAddress = LibC.address(direct);
			this.lastDirect = direct;
		}
		return this.lastDirectAddress;
	}

	private long stage(ByteBuffer source, int length) {
		ByteBuffer buffer = this.staging;
		if (buffer == null) {
			buffer = ByteBuffer.allocateDirect(STAGING_SIZE);
			this.stagingAddress = LibC.address(buffer);
			this.staging = buffer;
		}
		buffer.clear();
		buffer.put(source.duplicate().limit(source.position() + length));
		return this.stagingAddress;
	}

	private PipeException openTimedOut(int errno, Duration timeout) {
		if (errno == LibC.ENOENT) {
			return new PipeNotFoundException(this.fifo.pipeName(), "no FIFO appeared at " + this.fifo + " within "
					+ readable(timeout) + ": create the pipe (NamedPipe.create()) or start the process that owns it");
		}
		return new PipeTimeoutException(this.fifo.pipeName(), "no reader opened " + this.fifo + " within " + readable(timeout)
				+ ": start the reading side first or open with a longer timeout");
	}

	private static String readable(Duration timeout) {
		long millis = timeout.toMillis();
		return (millis % 1000 != 0) ? millis + " ms" : (millis / 1000) + " s";
	}

}
