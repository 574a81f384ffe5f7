package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.MessageSizedSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.jspecify.annotations.Nullable;

/**
 * The read end of a FIFO: non-blocking descriptors that survive writers coming and going, and the
 * FIFO at the path being removed or replaced.
 *
 * <p>Opening never waits: {@code open(O_RDONLY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC)} succeeds whether or
 * not a writer exists. Reading then works per chunk, not per message: one {@code read(2)} of up to
 * {@link PipeOptions#readBufferSize()} bytes into a reused direct buffer, handed to the sink whole (it
 * usually holds many frames), so there is one JNA call per chunk and none per message. While a
 * {@link MessageSizedSink} is in the middle of a message longer than that, a read asks for the rest
 * of the message plus one read buffer's worth, capped by the pipe's capacity (more is never there):
 * a 1 MiB message then costs about one {@code read(2)}, and wakes a blocked writer about once,
 * instead of once per read buffer. The buffer grows to the pipe's capacity the first time this
 * happens and keeps that size. While a writer is connected the next chunk is read straight away, and
 * {@code poll(2)} (on the FIFO and the {@link WakeupPipe}) runs only when the pipe is empty; with no
 * writer the end sleeps in {@code poll}, without busy-waiting, until a writer sends data or
 * {@link #close()} wakes it. Waits are bounded by the next look at the path (see below).
 *
 * <p><b>Connections.</b> A connection starts with the first bytes after opening or after the
 * previous connection ended, and ends when {@code read(2)} returns 0: the last writer closed. The end
 * then opens a fresh descriptor <em>before</em> closing the old one, so the FIFO never lacks a reader
 * (a writer's open would fail meanwhile): on Linux a fresh descriptor does not report the old
 * hang-up, so the next {@code poll} sleeps until a new writer comes. Where a fresh descriptor still
 * reports end-of-file while no writer is there (macOS), repeated empty hang-ups are waited out with a
 * back-off of up to 50 ms instead of spinning. A writer that opens and closes without writing a byte
 * is not reported as a connection. A connection on a FIFO that already held bytes when this end
 * opened it is reported as possibly starting mid-frame ({@code FIONREAD} > 0: the reader before may
 * have stopped inside a frame), unless this end took the descriptor over from a read end of this
 * process that stopped between frames (see {@link FifoStandby}). FIFOs this end finds at its path
 * later (re-created by a peer) start on a frame boundary: see {@link FifoStream#openAt}.
 *
 * <p><b>A replaced FIFO is followed</b> ({@link FifoStreams}): within
 * {@value FifoStreams#PATH_CHECK_MILLIS} ms, without any writer traffic, a FIFO removed or replaced at
 * the path is noticed and the new one read as soon as it is there; the old one is read as a
 * connection of its own until its last writer has gone, so nothing a writer put in it is lost, and
 * no descriptor pins it after that.
 */
final class FifoInput extends FifoEnd implements PipeInput {

	private static final int MAX_IDLE_BACKOFF_MILLIS = 50;

	private final @Nullable FifoStandby standby;

	private final FifoStreams streams;

	private ByteBuffer buffer;

	private long bufferAddress;

	private long lastConnectionId;

	private int emptyHangups;

	private int[] pollFds = new int[4];

	private int[] pollEvents = new int[4];

	FifoInput(FifoPath fifo, PipeOptions options, @Nullable FifoStandby standby) {
		super(fifo, options, "read end");
		this.standby = standby;
		this.streams = new FifoStreams(fifo, options.pipeCapacity());
		this.buffer = ByteBuffer.allocateDirect(options.readBufferSize());
		this.bufferAddress = LibC.address(this.buffer);
	}

	/**
	 * {@inheritDoc}
	 * <p>Takes over what the standby holds, if this end has one. With a standby, a path where no FIFO
	 * exists is waited for; without one it is a {@link PipeNotFoundException}.
	 */
	@Override
	public void open(Duration timeout) throws PipeException {
		FifoDescriptor opening = startOpening();
		try {
			this.streams.open((this.standby != null) ? this.standby.take() : List.of(), this.standby != null);
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

	@Override
	public ReadEndStatus status() {
		return isUsable() ? this.streams.status() : ReadEndStatus.CLOSED;
	}

	private boolean readWithin(FifoDescriptor open, InputSink sink, Deadline deadline) throws IOException {
		while (true) {
			FifoStream current = this.streams.current();
			if (current != null && current.connected) {
				long count = readChunk(current.fd, readSize(sink, current));
				if (count > 0) {
					deliver(sink, current, count);
					return true;
				}
				if (count == 0) {
					disconnect(sink, current);
					this.streams.reopenAfterHangup(current);
					return true;
				}
			}
			if (readReplaced(sink)) {
				return true;
			}
			if (this.streams.isPathCheckDue()) {
				this.streams.checkPath();
				continue;
			}
			int waitMillis = Math.min(deadline.remainingMillis(Integer.MAX_VALUE), this.streams.millisToPathCheck());
			int count = pollSet(current);
			if (count == 0) {
				if (!open.pause(waitMillis)) {
					throw open.closedException();
				}
			}
			else {
				if (open.awaitAny(this.pollFds, count, LibC.POLLIN, waitMillis, this.pollEvents) == FifoDescriptor.CLOSED) {
					throw open.closedException();
				}
				for (int i = 0; i < count; i++) {
					if ((this.pollEvents[i] & LibC.POLLNVAL) != 0) {
						throw new PipeException(this.fifo.pipeName(), "poll() reports an invalid descriptor for " + this.fifo);
					}
				}
				if (current != null && !current.connected && this.pollEvents[0] != 0) {
					long read = readChunk(current.fd, this.options.readBufferSize());
					if (read > 0) {
						connect(sink, current);
						deliver(sink, current, read);
						return true;
					}
					if (read == 0 && !waitOutEmptyHangup(open, current, deadline)) {
						return false;
					}
				}
			}
			if (deadline.hasPassed()) {
				return false;
			}
		}
	}

	/**
	 * Reads each stream of a replaced FIFO once: they are read before every wait because
	 * {@code poll} does not report the end-of-file of a descriptor opened while its writers were
	 * already there. A stream at end-of-file is closed.
	 * @return whether something was reported to the sink
	 */
	private boolean readReplaced(InputSink sink) throws PipeException {
		List<FifoStream> replaced = this.streams.replaced();
		for (int i = 0; i < replaced.size(); i++) {
			FifoStream stream = replaced.get(i);
			long count = readChunk(stream.fd, stream.connected ? readSize(sink, stream) : this.options.readBufferSize());
			if (count > 0) {
				if (!stream.connected) {
					connect(sink, stream);
				}
				deliver(sink, stream, count);
				return true;
			}
			if (count == 0) {
				this.streams.closeReplaced(stream);
				if (stream.connected) {
					disconnect(sink, stream);
					return true;
				}
				i--;
			}
		}
		return false;
	}

	/** Fills the poll set: the current FIFO first (when there is one), then the replaced ones. */
	private int pollSet(@Nullable FifoStream current) {
		List<FifoStream> replaced = this.streams.replaced();
		int count = ((current != null) ? 1 : 0) + replaced.size();
		if (count > this.pollFds.length) {
			this.pollFds = new int[count];
			this.pollEvents = new int[count];
		}
		int i = 0;
		if (current != null) {
			this.pollFds[i++] = current.fd;
		}
		for (FifoStream stream : replaced) {
			this.pollFds[i++] = stream.fd;
		}
		return count;
	}

	private void connect(InputSink sink, FifoStream stream) {
		stream.connected = true;
		stream.connectionId = ++this.lastConnectionId;
		if (!stream.replaced) {
			this.emptyHangups = 0;
		}
		sink.onConnected(stream.connectionId, stream.midFrame);
	}

	private void deliver(InputSink sink, FifoStream stream, long count) {
		ByteBuffer chunk = this.buffer;
		chunk.clear().limit((int) count);
		sink.onData(stream.connectionId, chunk);
		stream.midFrame = !sink.isBetweenFrames(stream.connectionId);
	}

	private static void disconnect(InputSink sink, FifoStream stream) {
		stream.connected = false;
		// End-of-file: every writer left and the FIFO is empty, so the next writer starts a frame.
		stream.midFrame = false;
		sink.onDisconnected(stream.connectionId);
	}

	/**
	 * The configured read size, or while the sink is in the middle of a longer message the rest of it
	 * plus the configured size, at most the pipe's capacity.
	 */
	private int readSize(InputSink sink, FifoStream stream) {
		int size = this.options.readBufferSize();
		if (sink instanceof MessageSizedSink sized) {
			long missing = sized.missingMessageBytes(stream.connectionId);
			if (missing > size) {
				return (int) Math.min(missing + size, Math.max(size, stream.capacity));
			}
		}
		return size;
	}

	/** The bytes the largest read asks for: the pipe's capacity once open (for tests). */
	int maxReadSize() {
		FifoStream current = this.streams.current();
		return Math.max(this.options.readBufferSize(), (current != null) ? current.capacity : 0);
	}

	/** The size of the read buffer now (for tests). */
	int bufferCapacity() {
		return this.buffer.capacity();
	}

	/** One {@code read(2)} of up to {@code size} bytes: the byte count, 0 at end-of-file (no writer left), -1 when empty for now. */
	private long readChunk(int fd, int size) throws PipeException {
		if (size > this.buffer.capacity()) {
			this.buffer = ByteBuffer.allocateDirect(Math.max(size, maxReadSize()));
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
	private boolean waitOutEmptyHangup(FifoDescriptor open, FifoStream hungUp, Deadline deadline) throws IOException {
		this.streams.reopenAfterHangup(hungUp);
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
	 * Hands every stream to the standby, with whether it stopped on a frame boundary, or closes it
	 * when there is no standby.
	 */
	@Override
	void releaseFifoDescriptors() {
		for (FifoStream stream : this.streams.takeAll()) {
			stream.connected = false;
			if (this.standby != null) {
				this.standby.giveBack(stream);
			}
			else {
				stream.close();
			}
		}
	}

}
