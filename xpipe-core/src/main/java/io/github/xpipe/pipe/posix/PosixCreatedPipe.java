package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.CreatedPipe;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FIFO this process made with {@code mkfifo}, or an existing FIFO of this user it safely reuses.
 *
 * <p>A new FIFO gets exactly the requested permissions, whatever the umask: {@code mkfifo} applies
 * the umask, so they are set again with {@code fchmodat(AT_SYMLINK_NOFOLLOW)}, which cannot follow
 * a link someone swapped in (glibc before 2.32 lacks that flag; there the path, checked just
 * before, is changed with plain {@code chmod}). The device and inode of the new FIFO are remembered,
 * and {@link #delete()} unlinks the path only while it still is that very FIFO.
 */
final class PosixCreatedPipe implements CreatedPipe {

	private static final Logger logger = LoggerFactory.getLogger(PosixCreatedPipe.class);

	private final FifoPath fifo;

	private final @Nullable FileIdentity made;

	private final AtomicBoolean deleted = new AtomicBoolean();

	private PosixCreatedPipe(FifoPath fifo, @Nullable FileIdentity made) {
		this.fifo = fifo;
		this.made = made;
	}

	/**
	 * Makes the FIFO with exactly {@code permissions}, or reuses the FIFO of this user already there.
	 * @throws io.github.xpipe.pipe.UnsafePipePathException when something else is there
	 */
	static PosixCreatedPipe create(FifoPath fifo, Set<PosixFilePermission> permissions) throws PipeException {
		int mode = modeOf(permissions);
		for (int attempt = 1;; attempt++) {
			FileIdentity existing = fifo.inspect();
			if (existing != null) {
				return reuse(fifo, existing, mode);
			}
			if (LibC.mkfifo(LibC.nativePath(fifo.path()), mode) == 0) {
				return new PosixCreatedPipe(fifo, setExactMode(fifo, mode));
			}
			int errno = LibC.errno();
			if (errno != LibC.EEXIST || attempt == 2) {
				throw mkfifoFailed(fifo, errno);
			}
			// Created concurrently by someone else: inspect what is there now.
		}
	}

	@Override
	public boolean madeHere() {
		return this.made != null;
	}

	@Override
	public void delete() throws PipeException {
		FileIdentity ours = this.made;
		if (ours == null || !this.deleted.compareAndSet(false, true)) {
			return;
		}
		try {
			FileIdentity now = FileIdentity.ofPath(this.fifo.path());
			if (!now.sameFileAs(ours)) {
				logger.warn("Pipe '{}': not deleting {}: it is no longer the FIFO this process created "
						+ "(now {} of uid {}); it was left in place", this.fifo.pipeName(), this.fifo,
						now.typeDescription(), now.uid());
				return;
			}
			Files.delete(this.fifo.path());
			logger.debug("Pipe '{}': deleted {}", this.fifo.pipeName(), this.fifo);
		}
		catch (NoSuchFileException ex) {
			logger.debug("Pipe '{}': {} was already removed", this.fifo.pipeName(), this.fifo);
		}
		catch (IOException ex) {
			throw new PipeException(this.fifo.pipeName(), "cannot delete " + this.fifo + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "PosixCreatedPipe[" + this.fifo + (madeHere() ? "" : ", reused") + "]";
	}

	private static PosixCreatedPipe reuse(FifoPath fifo, FileIdentity existing, int mode) {
		if ((existing.permissions() & ~mode) != 0) {
			logger.info("Pipe '{}': reusing the existing FIFO {} whose permissions {} are wider than the configured {}: "
					+ "they are narrowed when it is opened", fifo.pipeName(), fifo, existing.permissionString(),
					PosixFilePermissions.toString(permissionsOf(mode)));
		}
		logger.debug("Pipe '{}': reusing the existing FIFO {}; it will not be deleted", fifo.pipeName(), fifo);
		return new PosixCreatedPipe(fifo, null);
	}

	/** Gives the FIFO just made exactly {@code mode}; removes it again if that fails. */
	private static FileIdentity setExactMode(FifoPath fifo, int mode) throws PipeException {
		FileIdentity made = inspectMade(fifo);
		try {
			if (made.permissions() != mode
					&& LibC.fchmodat(LibC.AT_FDCWD, LibC.nativePath(fifo.path()), mode, LibC.AT_SYMLINK_NOFOLLOW) != 0) {
				int errno = LibC.errno();
				if (errno != LibC.ENOTSUP && errno != LibC.EOPNOTSUPP) {
					throw new PipeException(fifo.pipeName(), "cannot set the permissions of " + fifo + ": "
							+ LibC.describe(errno));
				}
				chmodChecked(fifo, made, mode);
			}
			FileIdentity result = inspectMade(fifo);
			if (!result.sameFileAs(made) || result.permissions() != mode) {
				throw fifo.unsafe("it was replaced while being created");
			}
			logger.debug("Pipe '{}': created {} ({})", fifo.pipeName(), fifo, result.permissionString());
			return result;
		}
		catch (PipeException ex) {
			try {
				new PosixCreatedPipe(fifo, made).delete();
			}
			catch (PipeException cleanupFailure) {
				ex.addSuppressed(cleanupFailure);
			}
			throw ex;
		}
	}

	private static void chmodChecked(FifoPath fifo, FileIdentity made, int mode) throws PipeException {
		FileIdentity current = inspectMade(fifo);
		if (!current.sameFileAs(made)) {
			throw fifo.unsafe("it was replaced while being created");
		}
		try {
			Files.setPosixFilePermissions(fifo.path(), permissionsOf(mode));
		}
		catch (IOException ex) {
			throw new PipeException(fifo.pipeName(), "cannot set the permissions of " + fifo + ": " + ex.getMessage(), ex);
		}
	}

	private static FileIdentity inspectMade(FifoPath fifo) throws PipeException {
		FileIdentity made = fifo.inspect();
		if (made == null) {
			throw new PipeException(fifo.pipeName(), fifo + " disappeared right after mkfifo");
		}
		return made;
	}

	private static PipeException mkfifoFailed(FifoPath fifo, int errno) {
		if (errno == LibC.ENOENT || errno == LibC.ENOTDIR) {
			return new PipeException(fifo.pipeName(), "cannot create " + fifo + ": its directory "
					+ fifo.path().getParent() + " does not exist");
		}
		return new PipeException(fifo.pipeName(), "mkfifo " + fifo + " failed: " + LibC.describe(errno));
	}

	static int modeOf(Set<PosixFilePermission> permissions) {
		int mode = 0;
		for (PosixFilePermission permission : permissions) {
			mode |= 0400 >> permission.ordinal();
		}
		return mode;
	}

	static Set<PosixFilePermission> permissionsOf(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		for (PosixFilePermission permission : PosixFilePermission.values()) {
			if ((mode & (0400 >> permission.ordinal())) != 0) {
				permissions.add(permission);
			}
		}
		return permissions;
	}

}
