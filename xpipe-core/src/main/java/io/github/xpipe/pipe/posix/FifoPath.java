package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.jspecify.annotations.Nullable;

/**
 * A FIFO's path and the safety rules for using what is there: only a FIFO owned by this process's
 * effective user, never through a symbolic link. A path that breaks a rule is refused with an
 * {@link UnsafePipePathException} and left untouched: it is inspected with {@code lstat}, and opened
 * (with {@code O_NOFOLLOW|O_NONBLOCK}, so opening cannot block or follow a link) only when it looks
 * right; the open descriptor is then checked again, which closes the gap between looking and
 * opening.
 */
final class FifoPath {

	private final String pipeName;

	private final Path path;

	FifoPath(String pipeName, Path path) {
		this.pipeName = pipeName;
		this.path = path;
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
	 * Opens the FIFO without blocking and checks that the descriptor is a FIFO of this user.
	 * @param access {@link LibC#O_RDONLY} or {@link LibC#O_WRONLY}
	 * @return the descriptor, or minus the errno when the path does not exist ({@code -ENOENT}) or,
	 *         for a write end, no reader has it open ({@code -ENXIO})
	 * @throws UnsafePipePathException when the path is not a FIFO this process may use
	 */
	int tryOpen(int access) throws PipeException {
		FileIdentity expected = inspect();
		if (expected == null) {
			return -LibC.ENOENT;
		}
		int fd = LibC.open(this.path, access | LibC.O_NONBLOCK | LibC.O_NOFOLLOW | LibC.O_CLOEXEC);
		if (fd < 0) {
			int errno = LibC.errno();
			if (errno == LibC.ENOENT || errno == LibC.ENXIO) {
				return -errno;
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
			return fd;
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

	@Override
	public String toString() {
		return this.path.toString();
	}

}
