package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.UnsafePipePathException;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.MessageSizedSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * {@link #close()} wakes it.
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
 * <p><b>A replaced FIFO is followed.</b> Every {@value #PATH_CHECK_MILLIS} ms, and without any writer
 * traffic (the waits are bounded by it), the end compares the file at the path ({@code lstat}) with
 * the FIFO it reads. When the path was removed or names another FIFO (a peer that deletes and
 * re-creates it between uses), the end says so in the log (the first time at info level, later ones
 * at debug level; its {@link #status()} counts them), opens the new FIFO as soon as one is there (while
 * none is, it re-checks after 10 ms, doubling up to {@value #PATH_CHECK_MILLIS} ms), and goes on
 * reading the old one as a connection of its own until its last writer has gone: nothing a writer
 * put in the old FIFO is lost, and no descriptor pins it after that. Something this process refuses
 * at the path (a symbolic link, another user's FIFO) is waited out the same way, with a warning.
 */
final class FifoInput extends FifoEnd implements PipeInput {

	/** How often the path is compared with the FIFO this end reads. */
	static final int PATH_CHECK_MILLIS = 250;

	private static final Logger logger = LoggerFactory.getLogger(FifoInput.class);

	private static final int MAX_IDLE_BACKOFF_MILLIS = 50;

	private static final int MISSING_CHECK_START_MILLIS = 10;

	private final @Nullable FifoStandby standby;

	private ByteBuffer buffer;

	private long bufferAddress;

	/** The largest read: the pipe's capacity once open, never less than the configured read size. */
	private int maxReadSize;

	/** The stream of the FIFO at the path; {@code null} while nothing usable is there. */
	private @Nullable FifoStream primary;

	/** Streams of FIFOs no longer at the path, read until their writers are gone. */
	private final List<FifoStream> replaced = new ArrayList<>(2);

	/** The FIFO read last, to tell a replacement from a re-open of the same FIFO. */
	private @Nullable FileIdentity lastPrimary;

	/**
	 * Whether nothing was at the path since {@link #lastPrimary} was read: whatever appears next is
	 * another FIFO, even with the same inode number (a file system may reuse the number of a FIFO
	 * removed and no longer open).
	 */
	private boolean pathEmptiedSince;

	private long lastConnectionId;

	private int emptyHangups;

	private long nextPathCheck;

	private int missingCheckMillis = MISSING_CHECK_START_MILLIS;

	/** Why no FIFO is read, while none is. */
	private @Nullable String waitingReason;

	private @Nullable String lastRefusal;

	private long replacements;

	private @Nullable Instant lastReplacement;

	private boolean followingLogged;

	private volatile ReadEndStatus status = ReadEndStatus.CLOSED;

	private int[] pollFds = new int[4];

	private int[] pollEvents = new int[4];

	private FifoStream[] polled = new FifoStream[4];

	FifoInput(FifoPath fifo, PipeOptions options, @Nullable FifoStandby standby) {
		super(fifo, options, "read end");
		this.standby = standby;
		this.buffer = ByteBuffer.allocateDirect(options.readBufferSize());
		this.bufferAddress = LibC.address(this.buffer);
		this.maxReadSize = options.readBufferSize();
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
			if (this.standby != null) {
				adopt(this.standby.take());
			}
			if (this.primary == null) {
				FifoStream fresh = FifoStream.openAt(this.fifo, this.options.pipeCapacity(), true);
				if (fresh != null) {
					usePrimary(fresh);
				}
				else if (this.standby == null && this.replaced.isEmpty()) {
					throw new PipeNotFoundException(this.fifo.pipeName(), "no FIFO at " + this.fifo.path()
							+ ": create the pipe first (NamedPipe.create()) or start the process that owns it");
				}
				else {
					waitFor("nothing at " + this.fifo.path());
				}
			}
			this.nextPathCheck = System.nanoTime() + millis(PATH_CHECK_MILLIS);
			finishOpening();
			updateStatus();
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
		return isUsable() ? this.status : ReadEndStatus.CLOSED;
	}

	private boolean readWithin(FifoDescriptor open, InputSink sink, Deadline deadline) throws IOException {
		while (true) {
			FifoStream current = this.primary;
			if (current != null && current.connected) {
				long count = readChunk(current.fd, readSize(sink, current));
				if (count > 0) {
					deliver(sink, current, count);
					return true;
				}
				if (count == 0) {
					disconnect(sink, current);
					reopenAfterHangup(current);
					return true;
				}
			}
			if (readReplaced(sink)) {
				return true;
			}
			if (System.nanoTime() - this.nextPathCheck >= 0) {
				checkPath();
				continue;
			}
			int waitMillis = Math.min(deadline.remainingMillis(Integer.MAX_VALUE), millisToPathCheck());
			int count = pollSet();
			if (count == 0) {
				if (!open.pause(waitMillis)) {
					throw open.closedException();
				}
			}
			else {
				int ready = open.awaitAny(this.pollFds, count, LibC.POLLIN, waitMillis, this.pollEvents);
				if (ready == FifoDescriptor.CLOSED) {
					throw open.closedException();
				}
				for (int i = 0; i < count; i++) {
					if ((this.pollEvents[i] & LibC.POLLNVAL) != 0) {
						throw new PipeException(this.fifo.pipeName(), "poll() reports an invalid descriptor for " + this.fifo);
					}
				}
				current = this.primary;
				if (current != null && !current.connected && this.polled[0] == current && this.pollEvents[0] != 0) {
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
		for (int i = 0; i < this.replaced.size(); i++) {
			FifoStream stream = this.replaced.get(i);
			long count = readChunk(stream.fd, stream.connected ? readSize(sink, stream) : this.options.readBufferSize());
			if (count > 0) {
				if (!stream.connected) {
					connect(sink, stream);
				}
				deliver(sink, stream, count);
				return true;
			}
			if (count == 0) {
				this.replaced.remove(i);
				stream.close();
				logger.debug("Pipe '{}': the writers of the replaced FIFO are gone; closed it", this.fifo.pipeName());
				updateStatus();
				if (stream.connected) {
					disconnect(sink, stream);
					return true;
				}
				i--;
			}
		}
		return false;
	}

	/** Fills the poll set: the current FIFO first (index 0, when there is one), then the replaced ones. */
	private int pollSet() {
		int count = ((this.primary != null) ? 1 : 0) + this.replaced.size();
		if (count > this.pollFds.length) {
			this.pollFds = new int[count];
			this.pollEvents = new int[count];
			this.polled = new FifoStream[count];
		}
		int i = 0;
		if (this.primary != null) {
			this.polled[i] = this.primary;
			this.pollFds[i++] = this.primary.fd;
		}
		else {
			this.polled[0] = null;
		}
		for (FifoStream stream : this.replaced) {
			this.polled[i] = stream;
			this.pollFds[i++] = stream.fd;
		}
		return count;
	}

	private void connect(InputSink sink, FifoStream stream) {
		stream.connected = true;
		stream.connectionId = ++this.lastConnectionId;
		if (stream == this.primary) {
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
	 * plus the configured size, at most {@link #maxReadSize}.
	 */
	private int readSize(InputSink sink, FifoStream stream) {
		int size = this.options.readBufferSize();
		if (sink instanceof MessageSizedSink sized) {
			long missing = sized.missingMessageBytes(stream.connectionId);
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
	private boolean waitOutEmptyHangup(FifoDescriptor open, FifoStream hungUp, Deadline deadline) throws IOException {
		reopenAfterHangup(hungUp);
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
	 * Replaces the current stream, at end-of-file, with a fresh descriptor of what the path names
	 * now, opened before the old one is closed. The same FIFO continues on a frame boundary (its
	 * writers all left); another FIFO is followed as a replacement.
	 */
	private void reopenAfterHangup(FifoStream hungUp) throws PipeException {
		FifoStream fresh = openPathQuietly();
		this.primary = null;
		hungUp.close();
		if (fresh != null) {
			usePrimary(fresh);
		}
		else if (this.waitingReason == null) {
			waitFor("nothing at " + this.fifo.path());
		}
		updateStatus();
	}

	/** Compares the path with the FIFO being read, and follows it when it changed. */
	private void checkPath() throws PipeException {
		FifoStream current = this.primary;
		FileIdentity atPath;
		try {
			atPath = this.fifo.inspect();
		}
		catch (UnsafePipePathException ex) {
			retirePrimary();
			refuse(ex);
			scheduleCheck();
			return;
		}
		if (current != null && atPath != null && atPath.sameFileAs(current.identity)) {
			scheduleCheck();
			return;
		}
		retirePrimary();
		FifoStream fresh = (atPath != null) ? openPathQuietly() : null;
		if (fresh != null) {
			usePrimary(fresh);
		}
		else if (atPath == null || this.waitingReason == null) {
			if (current != null) {
				logFollowing("{} was removed while being read; reading what its writers left in it, and waiting for a "
						+ "FIFO to appear at that path again", this.fifo.path());
			}
			waitFor("nothing at " + this.fifo.path());
		}
		scheduleCheck();
		updateStatus();
	}

	/** Opens what is at the path, or {@code null} when nothing usable is there (a refusal is logged). */
	private @Nullable FifoStream openPathQuietly() throws PipeException {
		try {
			FifoStream fresh = FifoStream.openAt(this.fifo, this.options.pipeCapacity(), false);
			if (fresh == null) {
				return null;
			}
			for (FifoStream old : this.replaced) {
				if (old.identity.sameFileAs(fresh.identity)) {
					// The FIFO came back (renamed back): read it through the stream already open.
					fresh.close();
					this.replaced.remove(old);
					old.replaced = false;
					return old;
				}
			}
			return fresh;
		}
		catch (UnsafePipePathException ex) {
			refuse(ex);
			return null;
		}
	}

	private void usePrimary(FifoStream stream) {
		FileIdentity previous = this.lastPrimary;
		this.primary = stream;
		this.lastPrimary = stream.identity;
		this.waitingReason = null;
		this.lastRefusal = null;
		this.missingCheckMillis = MISSING_CHECK_START_MILLIS;
		this.maxReadSize = Math.max(this.options.readBufferSize(), PipeCapacity.current(stream.fd));
		boolean another = previous != null && (this.pathEmptiedSince || !previous.sameFileAs(stream.identity));
		this.pathEmptiedSince = false;
		if (another) {
			this.replacements++;
			this.lastReplacement = Instant.now();
			logFollowing("{} is another FIFO than the one read before (removed or replaced); reading it, and what "
					+ "writers left in the old one", this.fifo.path());
		}
	}

	/** Moves the current stream to the replaced ones, to be read until its writers are gone. */
	private void retirePrimary() {
		FifoStream current = this.primary;
		if (current != null) {
			this.primary = null;
			current.replaced = true;
			this.replaced.add(current);
		}
	}

	/** Takes over the streams a standby held: the one of the FIFO at the path reads on, the others drain. */
	private void adopt(List<FifoStream> held) throws PipeException {
		this.replaced.addAll(held);
		held.forEach((stream) -> stream.replaced = true);
		FileIdentity atPath = this.fifo.inspect();
		for (int i = 0; i < this.replaced.size(); i++) {
			FifoStream stream = this.replaced.get(i);
			boolean duplicate = (this.primary != null && this.primary.identity.sameFileAs(stream.identity));
			for (int j = 0; j < i && !duplicate; j++) {
				duplicate = this.replaced.get(j).identity.sameFileAs(stream.identity);
			}
			if (duplicate) {
				// two descriptors of one FIFO read side by side would split its stream
				this.replaced.remove(i--);
				stream.close();
			}
			else if (this.primary == null && atPath != null && atPath.sameFileAs(stream.identity)) {
				this.replaced.remove(i--);
				stream.replaced = false;
				usePrimary(stream);
			}
		}
		if (this.primary == null && !this.replaced.isEmpty()) {
			// held since an earlier read end: what the path names now changed meanwhile
			this.lastPrimary = this.replaced.get(0).identity;
		}
	}

	private void waitFor(String reason) {
		this.waitingReason = reason;
		this.pathEmptiedSince |= (this.lastPrimary != null);
		updateStatus();
	}

	private void refuse(UnsafePipePathException ex) {
		String reason = ex.getMessage();
		this.waitingReason = reason;
		if (!reason.equals(this.lastRefusal)) {
			this.lastRefusal = reason;
			logger.warn("Pipe '{}': {}; waiting for a FIFO this process may use at that path", this.fifo.pipeName(),
					reason);
		}
		updateStatus();
	}

	private void logFollowing(String message, Object path) {
		if (this.followingLogged) {
			logger.debug("Pipe '{}': " + message, this.fifo.pipeName(), path);
		}
		else {
			this.followingLogged = true;
			logger.info("Pipe '{}': " + message + " (further removals and replacements of this pipe are logged at debug "
					+ "level and counted in its status)", this.fifo.pipeName(), path);
		}
	}

	private void scheduleCheck() {
		int interval = PATH_CHECK_MILLIS;
		if (this.primary == null) {
			interval = this.missingCheckMillis;
			this.missingCheckMillis = Math.min(this.missingCheckMillis * 2, PATH_CHECK_MILLIS);
		}
		this.nextPathCheck = System.nanoTime() + millis(interval);
	}

	private int millisToPathCheck() {
		long nanos = this.nextPathCheck - System.nanoTime();
		return (nanos <= 0) ? 0 : (int) Math.min((nanos + 999_999) / 1_000_000, PATH_CHECK_MILLIS);
	}

	private void updateStatus() {
		ReadEndStatus.State state = (this.primary != null) ? ReadEndStatus.State.READING
				: ReadEndStatus.State.WAITING_FOR_PIPE;
		this.status = new ReadEndStatus(state, (this.primary != null) ? null : this.waitingReason, this.replacements,
				this.lastReplacement, !this.replaced.isEmpty());
	}

	/**
	 * Hands every stream to the standby, with whether it stopped on a frame boundary, or closes it
	 * when there is no standby.
	 */
	@Override
	void releaseFifoDescriptors() {
		List<FifoStream> streams = new ArrayList<>(this.replaced);
		if (this.primary != null) {
			streams.add(0, this.primary);
		}
		this.primary = null;
		this.replaced.clear();
		for (FifoStream stream : streams) {
			stream.connected = false;
			if (this.standby != null) {
				this.standby.giveBack(stream);
			}
			else {
				stream.close();
			}
		}
	}

	private static long millis(int millis) {
		return millis * 1_000_000L;
	}

}
