package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write end of a FIFO.
 *
 * <p><b>Opening</b> uses {@code open(O_WRONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)}, which fails with
 * {@code ENXIO} while no reader has the FIFO open (and with {@code ENOENT} while it does not exist
 * yet). Both are retried with a back-off from 1 ms doubling to 50 ms until the timeout, each pause a
 * {@code poll(2)} on the {@link WakeupPipe} so that {@link #close()} cancels it at once.
 *
 * <p><b>Writing</b> hands the whole remaining buffer to one {@code write(2)} and loops over partial
 * writes; a buffer of up to {@code PIPE_BUF} bytes is therefore one atomic write, never interleaved
 * with another process's. A larger buffer is written holding {@code flock(LOCK_EX)} on the FIFO, so
 * that the large writes of several xpipe processes never interleave either (the lock is advisory: a
 * writer that does not take it, or a small lock-free write, can still land inside a large one). A
 * partial write means the pipe is full, so the next attempt waits for room first instead of costing
 * a {@code write(2)} that would fail with {@code EAGAIN}. While the pipe is full the end waits in
 * {@code poll(POLLOUT)} alongside the wake-up pipe: back-pressure without busy-waiting, cancellable
 * by {@code close()}. Direct buffers are written in place; heap buffers through a reused direct
 * staging buffer.
 *
 * <p><b>Readers come and go.</b> The {@link FifoWriteWatcher} drops this end's connection as soon as
 * its reader went away, or the FIFO at the path was replaced by another; a write that finds no
 * connection, or whose reader goes away during the write ({@code EPIPE}, the JVM ignores
 * {@code SIGPIPE}), opens the path again, waiting up to the open timeout for a reader, and writes the
 * whole buffer to it from its start. Only when no reader opened the FIFO in that time does the write
 * fail, with a {@link BrokenPipeException}: a buffer is reported failed only when it could not be
 * written to any reader. Bytes written earlier and left unread by the departed reader are lost with
 * it (they were handed to the kernel, and the kernel drops them once nobody has the FIFO open): at
 * most once, never twice.
 */
final class FifoOutput extends FifoEnd implements PipeOutput {

	private static final Logger logger = LoggerFactory.getLogger(FifoOutput.class);

	private static final int MAX_OPEN_BACKOFF_MILLIS = 50;

	private static final int MAX_LOCK_BACKOFF_MILLIS = 10;

	private static final int STAGING_SIZE = 1024 * 1024;

	private final AtomicReference<@Nullable FifoConnection> connection = new AtomicReference<>();

	private Duration openTimeout = Duration.ZERO;

	private @Nullable ByteBuffer staging;

	private long stagingAddress;

	/** The direct buffer last written and its address: callers reuse their buffers, so this saves a lookup per write. */
	private @Nullable ByteBuffer lastDirect;

	private long lastDirectAddress;

	private boolean lockFailureLogged;

	FifoOutput(FifoPath fifo, PipeOptions options) {
		super(fifo, options, "write end");
	}

	@Override
	public void open(Duration timeout) throws PipeException {
		FifoDescriptor opening = startOpening();
		try {
			this.openTimeout = timeout;
			int errno = connect(opening, Deadline.after(timeout));
			if (errno != 0) {
				throw openTimedOut(errno, timeout);
			}
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
			int start = source.position();
			Deadline reconnectBy = null;
			while (true) {
				FifoConnection current = this.connection.get();
				if (current == null || !current.acquire()) {
					reconnectBy = (reconnectBy != null) ? reconnectBy : Deadline.after(this.openTimeout);
					reconnect(open, reconnectBy);
					continue;
				}
				boolean written;
				try {
					written = writeThrough(open, current, source);
				}
				finally {
					current.release();
				}
				if (written) {
					return;
				}
				// EPIPE: the reader left during this write. Whatever part of the buffer went out went
				// with it; the whole buffer goes to the next reader.
				drop(current, "its reader went away during a write");
				source.position(start);
				reconnectBy = (reconnectBy != null) ? reconnectBy : Deadline.after(this.openTimeout);
			}
		}
		finally {
			open.leave();
		}
	}

	/** The current connection, or {@code null} when this end must open the FIFO again first. */
	@Nullable FifoConnection connection() {
		return this.connection.get();
	}

	/** The {@link FifoWriteWatcher} saw the reader of {@code gone} leave. */
	void readerLeft(FifoConnection gone) {
		drop(gone, "its reader went away");
	}

	/**
	 * Called by the {@link FifoWriteWatcher}: drops the connection when the path names another FIFO
	 * (of this user). A FIFO merely removed is written on while it has a reader (one may be draining
	 * it), and anything this process may not use at the path is never followed.
	 */
	void checkPath() {
		FifoConnection current = this.connection.get();
		if (current == null) {
			return;
		}
		FileIdentity atPath;
		try {
			atPath = this.fifo.inspect();
		}
		catch (PipeException ex) {
			return;
		}
		if (atPath != null && !atPath.sameFileAs(current.identity)) {
			drop(current, "the FIFO at its path was replaced");
		}
	}

	/**
	 * Writes every remaining byte of {@code source} to {@code connection}, under {@code flock} when
	 * it is more than {@code PIPE_BUF} bytes.
	 * @return {@code false} when the reader went away first ({@code EPIPE})
	 */
	private boolean writeThrough(FifoDescriptor open, FifoConnection connection, ByteBuffer source) throws IOException {
		boolean locked = source.remaining() > LibC.PIPE_BUF && lock(open, connection);
		try {
			while (source.hasRemaining()) {
				int attempted = attemptLength(source);
				long written = writeOnce(connection.fd, source, attempted);
				if (written > 0) {
					source.position(source.position() + (int) written);
					if (written < attempted) {
						// A short write leaves the pipe full: wait for room rather than fail a write(2) with EAGAIN.
						awaitRoom(open, connection, -LibC.EAGAIN);
					}
				}
				else if (written == -LibC.EPIPE) {
					return false;
				}
				else {
					awaitRoom(open, connection, written);
				}
			}
			return true;
		}
		finally {
			if (locked) {
				LibC.flock(connection.fd, LibC.LOCK_UN);
			}
		}
	}

	/**
	 * Takes {@code flock(LOCK_EX)} on the FIFO, waiting (polling the wake-up pipe, 1 ms doubling to
	 * 10 ms) while another writer holds it.
	 * @return whether the lock is held; {@code false} when the system cannot lock the FIFO (logged once)
	 */
	private boolean lock(FifoDescriptor open, FifoConnection connection) throws PipeException {
		int backoff = 1;
		while (LibC.flock(connection.fd, LibC.LOCK_EX | LibC.LOCK_NB) != 0) {
			int errno = LibC.errno();
			if (errno == LibC.EINTR) {
				continue;
			}
			if (errno != LibC.EAGAIN) {
				if (!this.lockFailureLogged) {
					this.lockFailureLogged = true;
					logger.warn("Pipe '{}': cannot lock {} for a write over PIPE_BUF ({}); writing without the lock: "
							+ "large frames of several writer processes may interleave", this.fifo.pipeName(), this.fifo,
							LibC.describe(errno));
				}
				return false;
			}
			if (!open.pause(backoff)) {
				throw open.closedException();
			}
			backoff = Math.min(backoff * 2, MAX_LOCK_BACKOFF_MILLIS);
		}
		return true;
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
	private void awaitRoom(FifoDescriptor open, FifoConnection connection, long result) throws IOException {
		int errno = (int) -result;
		if (errno == LibC.EINTR) {
			return;
		}
		if (errno != LibC.EAGAIN && errno != 0) {
			throw new PipeException(this.fifo.pipeName(), "write() to " + this.fifo + " failed: " + LibC.describe(errno));
		}
		if (open.await(connection.fd, LibC.POLLOUT, -1) == FifoDescriptor.CLOSED) {
			throw open.closedException();
		}
	}

	/** Opens the path again after the connection was dropped, waiting for a reader until {@code deadline}. */
	private void reconnect(FifoDescriptor open, Deadline deadline) throws PipeException {
		int errno = connect(open, deadline);
		if (errno == 0) {
			logger.debug("Pipe '{}': write end connected to {} again", this.fifo.pipeName(), this.fifo);
			return;
		}
		String why = (errno == LibC.ENOENT) ? "no FIFO appeared at " + this.fifo : "no reader opened " + this.fifo;
		throw new BrokenPipeException(this.fifo.pipeName(), "the reader of " + this.fifo + " went away and " + why
				+ " again within " + readable(this.openTimeout) + " (the open timeout); nothing of this write "
				+ "reached a reader");
	}

	/**
	 * Opens the FIFO, retrying while it does not exist or has no reader, until {@code deadline}.
	 * @return 0 once connected, else the errno of the last attempt ({@code ENOENT} or {@code ENXIO})
	 */
	private int connect(FifoDescriptor open, Deadline deadline) throws PipeException {
		int backoff = 1;
		while (true) {
			FifoPath.Opened opened = this.fifo.open(LibC.O_WRONLY);
			FileIdentity identity = opened.identity();
			if (opened.fd() >= 0 && identity != null) {
				PipeCapacity.raise(opened.fd(), this.options.pipeCapacity(), this.fifo.pipeName());
				FifoConnection previous = this.connection.getAndSet(new FifoConnection(opened.fd(), identity));
				if (previous != null) {
					previous.retire();
				}
				watch();
				return 0;
			}
			if (deadline.hasPassed()) {
				return -opened.fd();
			}
			if (!open.pause(Math.min(backoff, deadline.remainingMillis(MAX_OPEN_BACKOFF_MILLIS)))) {
				throw open.closedException();
			}
			backoff = Math.min(backoff * 2, MAX_OPEN_BACKOFF_MILLIS);
		}
	}

	private void watch() throws PipeException {
		try {
			FifoWriteWatcher.instance().watch(this);
		}
		catch (IOException ex) {
			throw new PipeException(this.fifo.pipeName(), "cannot watch the write end of " + this.fifo + ": "
					+ ex.getMessage(), ex);
		}
	}

	/** Ends {@code gone} if it still is the connection: its descriptor closes once no write uses it. */
	private void drop(FifoConnection gone, String why) {
		if (this.connection.compareAndSet(gone, null)) {
			gone.retire();
			logger.debug("Pipe '{}': write end closed its descriptor of {}: {}; the next write opens it again",
					this.fifo.pipeName(), this.fifo, why);
		}
	}

	@Override
	void releaseFifoDescriptors() {
		FifoWriteWatcher.instance().unwatch(this);
		FifoConnection last = this.connection.getAndSet(null);
		if (last != null) {
			last.retire();
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
