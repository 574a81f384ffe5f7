package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FIFO's path and the safety rules for using what is there: only a FIFO owned by this process's
 * effective user, never through a symbolic link, never with permissions wider than configured. A
 * path that breaks a rule is refused with an {@link UnsafePipePathException} and left untouched: it
 * is inspected with {@code lstat}, and opened (with {@code O_NOFOLLOW|O_NONBLOCK}, so opening cannot
 * block or follow a link) only when it looks right; the open descriptor is then checked again, which
 * closes the gap between looking and opening.
 *
 * <p>A FIFO of this user whose permissions are wider than the configured ones (e.g. {@code rw-r--r--}
 * from a peer's {@code os.mkfifo} under umask 022) is narrowed to them with {@code fchmod} on the
 * opened descriptor, never by path, so the change applies to the very file checked; when that fails
 * the FIFO is refused. The first narrowing is logged as a warning, later ones (a peer that creates
 * the FIFO anew for each use) at debug level.
 */
final class FifoPath {

	private static final Logger logger = LoggerFactory.getLogger(FifoPath.class);

	private final String pipeName;

	private final Path path;

	private final int allowedMode;

	private volatile boolean narrowedBefore;

	/**
	 * @param allowedMode the permission bits a FIFO may have, e.g. {@code 0600}; wider ones are
	 *        narrowed when the FIFO is opened
	 */
	FifoPath(String pipeName, Path path, int allowedMode) {
		this.pipeName = pipeName;
		this.path = path;
		this.allowedMode = allowedMode;
	}

	String pipeName() {
		return this.pipeName;
	}

	Path path() {
		return this.path;
	}

	/**
	 * What is at the path now, if it is a FIFO this process may use.
	 * @return the FIFO's identity, or {@code null} when nothing is there
	 * @throws UnsafePipePathException when something else is there
	 */
	@Nullable FileIdentity inspect() throws PipeException {
		FileIdentity found;
		try {
			found = FileIdentity.ofPath(this.path);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new PipeException(this.pipeName, "cannot inspect " + this.path + ": " + ex.getMessage(), ex);
		}
		verify(found);
		return found;
	}

	/**
	 * Opens the FIFO without blocking, checks that the descriptor is a FIFO of this user and narrows
	 * its permissions to the allowed ones.
	 * @param access {@link LibC#O_RDONLY} or {@link LibC#O_WRONLY}
	 * @return the descriptor and which FIFO it is; when the path does not exist the descriptor is
	 *         {@code -ENOENT}, when (for a write end) no reader has it open {@code -ENXIO}, and then
	 *         the identity is {@code null}
	 * @throws UnsafePipePathException when the path is not a FIFO this process may use
	 */
	Opened open(int access) throws PipeException {
		FileIdentity expected = inspect();
		if (expected == null) {
			return new Opened(-LibC.ENOENT, null, 0);
		}
		int fd = LibC.open(this.path, access | LibC.O_NONBLOCK | LibC.O_NOFOLLOW | LibC.O_CLOEXEC);
		// At once: a writer blocked in open() until a reader came writes as soon as it wakes, and its
		// bytes must not be taken for bytes a reader before this one left.
		int unread = (fd >= 0 && access == LibC.O_RDONLY) ? LibC.bytesUnread(fd) : 0;
		if (fd < 0) {
			int errno = LibC.errno();
			if (errno == LibC.ENOENT || errno == LibC.ENXIO) {
				return new Opened(-errno, null, 0);
			}
			if (errno == LibC.ELOOP) {
				throw unsafe("it became a symbolic link; xpipe never follows links for a pipe path");
			}
			throw new PipeException(this.pipeName, "cannot open " + this.path + ": " + LibC.describe(errno));
		}
		try {
			FileIdentity opened = FileIdentity.ofDescriptor(fd);
			verify(opened);
			if (!opened.sameFileAs(expected)) {
				throw unsafe("it was replaced while being opened");
			}
			return new Opened(fd, narrow(fd, opened), unread);
		}
		catch (IOException | RuntimeException ex) {
			LibC.close(fd);
			if (ex instanceof PipeException pipeException) {
				throw pipeException;
			}
			throw new PipeException(this.pipeName, "cannot check the opened " + this.path + ": " + ex.getMessage(), ex);
		}
	}

	/** Refuses anything but a FIFO of this process's user. */
	void verify(FileIdentity found) throws UnsafePipePathException {
		if (found.isSymbolicLink()) {
			throw unsafe("it is a symbolic link; xpipe never follows links for a pipe path. "
					+ "Remove the link or use the real path");
		}
		if (!found.isFifo()) {
			throw unsafe("it is " + found.typeDescription() + ", not a FIFO. Remove it or choose another pipe name");
		}
		int me = CurrentUser.uid();
		if (found.uid() != me) {
			throw unsafe("the FIFO belongs to uid " + found.uid() + ", not to this process's user (uid " + me
					+ "), so that user could read or inject messages. Remove it as its owner or choose another pipe name");
		}
	}

	UnsafePipePathException unsafe(String why) {
		return new UnsafePipePathException(this.pipeName,
				"refusing " + this.path + ": " + why + " (the existing file was left untouched)");
	}

	/** Removes the permission bits wider than allowed from the FIFO open as {@code fd}. */
	private FileIdentity narrow(int fd, FileIdentity opened) throws PipeException {
		int mode = opened.permissions();
		if ((mode & ~this.allowedMode) == 0) {
			return opened;
		}
		int narrowed = mode & this.allowedMode;
		if (LibC.fchmod(fd, narrowed) != 0) {
			throw new UnsafePipePathException(this.pipeName, "refusing " + this.path + ": its permissions "
					+ opened.permissionString() + " are wider than the configured " + FileIdentity.permissionString(this.allowedMode)
					+ " and narrowing them failed (" + LibC.describe(LibC.errno()) + "). Remove the FIFO or "
					+ "create it with the configured permissions");
		}
		String message = "Pipe '{}': narrowed the permissions of {} from {} to {} (the configured maximum is {}): "
				+ "a FIFO is never used with permissions wider than configured";
		Object[] arguments = { this.pipeName, this.path, opened.permissionString(),
				FileIdentity.permissionString(narrowed), FileIdentity.permissionString(this.allowedMode) };
		if (this.narrowedBefore) {
			logger.debug(message, arguments);
		}
		else {
			this.narrowedBefore = true;
			logger.warn(message + "; further narrowings of this pipe are logged at debug level", arguments);
		}
		return opened.withPermissions(narrowed);
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

	/**
	 * A FIFO opened by {@link #open(int)}.
	 *
	 * @param fd the descriptor, or minus the errno when it could not be opened
	 * @param identity which file it is, or {@code null} when not opened
	 * @param unreadAtOpen for a read end, the bytes the FIFO held right after it was opened
	 *        ({@code FIONREAD}): left by a reader before, so the stream may start mid-frame
	 */
	record Opened(int fd, @Nullable FileIdentity identity, int unreadAtOpen) {

	}

}
