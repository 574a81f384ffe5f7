package io.github.xpipe.pipe.posix;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FIFOs a {@link FifoInput} reads, and how it follows its path: the <em>current</em> stream, of
 * the FIFO the path names, and the streams of FIFOs that were at the path before, still read until
 * their writers are gone.
 *
 * <p>Every {@value #PATH_CHECK_MILLIS} ms the file at the path ({@code lstat}) is compared with the
 * current FIFO. When the path was removed or names another FIFO (a peer that deletes and re-creates
 * it between uses), the current stream becomes a replaced one, the new FIFO is opened as soon as one
 * is there (while none is, the path is looked at again after 10 ms, doubling up to
 * {@value #PATH_CHECK_MILLIS} ms) and the change is logged: the first time at info level, later ones
 * at debug level, all counted in the {@link #status()}. Something this process refuses at the path (a
 * symbolic link, another user's FIFO) is waited out the same way, with one warning per refusal.
 *
 * <p>Used by the reading thread only, except {@link #status()}.
 */
final class FifoStreams {

	/** How often the path is compared with the FIFO being read. */
	static final int PATH_CHECK_MILLIS = 250;

	private static final Logger logger = LoggerFactory.getLogger(FifoStreams.class);

	private static final int MISSING_CHECK_START_MILLIS = 10;

	private final FifoPath fifo;

	private final int pipeCapacity;

	private @Nullable FifoStream current;

	private final List<FifoStream> replaced = new ArrayList<>(2);

	/** The FIFO read last, to tell a replacement from a re-open of the same FIFO. */
	private @Nullable FileIdentity lastRead;

	/**
	 * Whether nothing was at the path since {@link #lastRead} was read: whatever appears next is
	 * another FIFO, even with the same inode number (a file system may reuse the number of a FIFO
	 * removed and no longer open).
	 */
	private boolean pathEmptiedSince;

	private long nextPathCheck;

	private int missingCheckMillis = MISSING_CHECK_START_MILLIS;

	/** Why no FIFO is read, while none is. */
	private @Nullable String waitingReason;

	private @Nullable String lastRefusal;

	private long replacements;

	private @Nullable Instant lastReplacement;

	private boolean followingLogged;

	private volatile ReadEndStatus status = ReadEndStatus.CLOSED;

	FifoStreams(FifoPath fifo, int pipeCapacity) {
		this.fifo = fifo;
		this.pipeCapacity = pipeCapacity;
	}

	/**
	 * Takes over the streams {@code held} (the one of the FIFO at the path reads on, the others are
	 * drained), then opens the path when none of them is its FIFO.
	 * @param waitForMissing whether a path with no FIFO is waited for, rather than refused
	 * @throws PipeNotFoundException when nothing is at the path and nothing is to be waited for
	 */
	void open(List<FifoStream> held, boolean waitForMissing) throws PipeException {
		adopt(held);
		if (this.current == null) {
			FifoStream fresh = FifoStream.openAt(this.fifo, this.pipeCapacity, true);
			if (fresh != null) {
				makeCurrent(fresh);
			}
			else if (!waitForMissing && this.replaced.isEmpty()) {
				throw new PipeNotFoundException(this.fifo.pipeName(), "no FIFO at " + this.fifo.path()
						+ ": create the pipe first (NamedPipe.create()) or start the process that owns it");
			}
			else {
				waitFor("nothing at " + this.fifo.path());
			}
		}
		this.nextPathCheck = System.nanoTime() + millis(PATH_CHECK_MILLIS);
		updateStatus();
	}

	/** The stream of the FIFO at the path; {@code null} while nothing usable is there. */
	@Nullable FifoStream current() {
		return this.current;
	}

	/** The streams of FIFOs no longer at the path, read until their writers are gone. */
	List<FifoStream> replaced() {
		return this.replaced;
	}

	/** Closes a replaced stream whose writers are gone. */
	void closeReplaced(FifoStream stream) {
		this.replaced.remove(stream);
		stream.close();
		logger.debug("Pipe '{}': the writers of the replaced FIFO are gone; closed it", this.fifo.pipeName());
		updateStatus();
	}

	/**
	 * Replaces the current stream, at end-of-file, with a fresh descriptor of what the path names
	 * now, opened before the old one is closed so that the FIFO never lacks a reader meanwhile. The
	 * same FIFO continues on a frame boundary (its writers all left); another one is followed.
	 */
	void reopenAfterHangup(FifoStream hungUp) throws PipeException {
		FifoStream fresh = openPathQuietly();
		this.current = null;
		hungUp.close();
		if (fresh != null) {
			makeCurrent(fresh);
		}
		else if (this.waitingReason == null) {
			waitFor("nothing at " + this.fifo.path());
		}
		updateStatus();
	}

	boolean isPathCheckDue() {
		return System.nanoTime() - this.nextPathCheck >= 0;
	}

	/** Milliseconds until the path is to be looked at again, at most {@value #PATH_CHECK_MILLIS}. */
	int millisToPathCheck() {
		long nanos = this.nextPathCheck - System.nanoTime();
		return (nanos <= 0) ? 0 : (int) Math.min((nanos + 999_999) / 1_000_000, PATH_CHECK_MILLIS);
	}

	/** Compares the path with the current FIFO, and follows it when it changed. */
	void checkPath() throws PipeException {
		FifoStream before = this.current;
		FileIdentity atPath;
		try {
			atPath = this.fifo.inspect();
		}
		catch (UnsafePipePathException ex) {
			retireCurrent();
			refuse(ex);
			scheduleCheck();
			return;
		}
		if (before != null && atPath != null && atPath.sameFileAs(before.identity)) {
			scheduleCheck();
			return;
		}
		retireCurrent();
		FifoStream fresh = (atPath != null) ? openPathQuietly() : null;
		if (fresh != null) {
			makeCurrent(fresh);
		}
		else if (atPath == null || this.waitingReason == null) {
			if (before != null) {
				logFollowing("{} was removed while being read; reading what its writers left in it, and waiting for a "
						+ "FIFO to appear at that path again", this.fifo.path());
			}
			waitFor("nothing at " + this.fifo.path());
		}
		scheduleCheck();
		updateStatus();
	}

	/** What the read end is doing, from any thread. */
	ReadEndStatus status() {
		return this.status;
	}

	/** Takes every stream, the current one first: the caller closes or hands them over. */
	List<FifoStream> takeAll() {
		List<FifoStream> all = new ArrayList<>(this.replaced.size() + 1);
		if (this.current != null) {
			all.add(this.current);
		}
		all.addAll(this.replaced);
		this.current = null;
		this.replaced.clear();
		return all;
	}

	/** Opens what is at the path, or {@code null} when nothing usable is there (a refusal is logged). */
	private @Nullable FifoStream openPathQuietly() throws PipeException {
		try {
			FifoStream fresh = FifoStream.openAt(this.fifo, this.pipeCapacity, false);
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

	private void makeCurrent(FifoStream stream) {
		FileIdentity previous = this.lastRead;
		this.current = stream;
		this.lastRead = stream.identity;
		this.waitingReason = null;
		this.lastRefusal = null;
		this.missingCheckMillis = MISSING_CHECK_START_MILLIS;
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
	private void retireCurrent() {
		FifoStream stream = this.current;
		if (stream != null) {
			this.current = null;
			stream.replaced = true;
			this.replaced.add(stream);
		}
	}

	/** Takes over the streams a standby held: the one of the FIFO at the path reads on, the others drain. */
	private void adopt(List<FifoStream> held) throws PipeException {
		this.replaced.addAll(held);
		held.forEach((stream) -> stream.replaced = true);
		FileIdentity atPath = this.fifo.inspect();
		for (int i = 0; i < this.replaced.size(); i++) {
			FifoStream stream = this.replaced.get(i);
			boolean duplicate = (this.current != null && this.current.identity.sameFileAs(stream.identity));
			for (int j = 0; j < i && !duplicate; j++) {
				duplicate = this.replaced.get(j).identity.sameFileAs(stream.identity);
			}
			if (duplicate) {
				// two descriptors of one FIFO read side by side would split its stream
				this.replaced.remove(i--);
				stream.close();
			}
			else if (this.current == null && atPath != null && atPath.sameFileAs(stream.identity)) {
				this.replaced.remove(i--);
				stream.replaced = false;
				makeCurrent(stream);
			}
		}
		if (this.current == null && !this.replaced.isEmpty()) {
			// held since an earlier read end: what the path names now changed meanwhile
			this.lastRead = this.replaced.get(0).identity;
		}
	}

	private void waitFor(String reason) {
		this.waitingReason = reason;
		this.pathEmptiedSince |= (this.lastRead != null);
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
		if (this.current == null) {
			interval = this.missingCheckMillis;
			this.missingCheckMillis = Math.min(this.missingCheckMillis * 2, PATH_CHECK_MILLIS);
		}
		this.nextPathCheck = System.nanoTime() + millis(interval);
	}

	private void updateStatus() {
		ReadEndStatus.State state = (this.current != null) ? ReadEndStatus.State.READING
				: ReadEndStatus.State.WAITING_FOR_PIPE;
		this.status = new ReadEndStatus(state, (this.current != null) ? null : this.waitingReason, this.replacements,
				this.lastReplacement, !this.replaced.isEmpty());
	}

	private static long millis(int millis) {
		return millis * 1_000_000L;
	}

}
