package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.UnsafePipePathException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory where bare pipe names live: {@link PipeOptions#baseDirectory()} when set, else
 * {@code $XDG_RUNTIME_DIR/xpipe} when that variable is set, else {@code <java.io.tmpdir>/xpipe-<user>}.
 *
 * <p>Before a pipe is created in it, the directory is checked all the way up, as OpenSSH's
 * {@code StrictModes} checks the path to {@code authorized_keys}: every directory above it (symbolic
 * links resolved) must belong to root or to this process's user, and none may be writable by group or
 * others unless it has the sticky bit (as {@code /tmp} has, where only an entry's owner may remove or
 * rename it); whoever could write to one of them could swap a directory below for their own. An
 * {@code XDG_RUNTIME_DIR} must belong to this user, as the XDG specification requires. Then the
 * directory itself is made (mode 0700) if missing, and refused unless it belongs to this user and
 * neither group nor others can write to it. A symbolic link as the directory is followed only when it
 * belongs to this user or to root, who are the only ones able to re-point it. Every refusal says what
 * to change.
 */
final class PosixBaseDirectory {

	private static final Logger logger = LoggerFactory.getLogger(PosixBaseDirectory.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final int GROUP_OR_OTHERS_WRITE = 0022;

	private static final String RUNTIME_DIRECTORY = "XDG_RUNTIME_DIR";

	private static final String HOW_TO_CHOOSE = "or choose another directory with PipeOptions.withBaseDirectory "
			+ "(xpipe.base-dir in Spring Boot)";

	private PosixBaseDirectory() {
	}

	/** The base directory for these options, as an absolute path. Has no side effects. */
	static Path resolve(PipeOptions options) {
		Path configured = options.baseDirectory();
		if (configured != null) {
			return configured.toAbsolutePath();
		}
		Path runtimeDirectory = runtimeDirectory();
		if (runtimeDirectory != null) {
			return runtimeDirectory.resolve("xpipe");
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "xpipe-" + System.getProperty("user.name"))
			.toAbsolutePath();
	}

	/**
	 * Checks the directories above {@code directory}, makes it (mode 0700) if it does not exist and
	 * checks that only this user can write to it.
	 * @throws UnsafePipePathException naming what to change when it is not safe
	 */
	static void ensure(Path directory, String pipeName) throws PipeException {
		Path runtimeDirectory = runtimeDirectory();
		if (runtimeDirectory != null && directory.startsWith(runtimeDirectory)) {
			verifyRuntimeDirectory(runtimeDirectory, pipeName);
		}
		verifyAncestors(directory, false, pipeName);
		try {
			if (Files.notExists(directory, LinkOption.NOFOLLOW_LINKS)) {
				create(directory, pipeName);
			}
			verify(directory, pipeName);
		}
		catch (NoSuchFileException ex) {
			throw new PipeException(pipeName, "base directory " + directory + " (or the directory it links to) does not exist", ex);
		}
		catch (IOException ex) {
			if (ex instanceof PipeException pipeException) {
				throw pipeException;
			}
			throw new PipeException(pipeName, "cannot use base directory " + directory + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks {@code directory} (when {@code inclusive}) and every directory above it, symbolic links
	 * resolved, as OpenSSH's {@code StrictModes} does: each must belong to root or to this user, and
	 * none may be writable by group or others unless it has the sticky bit. Directories that do not
	 * exist yet are skipped (they are made by this user).
	 * @throws UnsafePipePathException naming the directory and what to change
	 */
	static void verifyAncestors(Path directory, boolean inclusive, String pipeName) throws PipeException {
		Path existing = directory.toAbsolutePath();
		boolean includeFirst = inclusive;
		while (existing != null && Files.notExists(existing)) {
			existing = existing.getParent();
			includeFirst = true;
		}
		if (existing == null) {
			return;
		}
		Path real;
		try {
			real = existing.toRealPath();
		}
		catch (IOException ex) {
			throw new PipeException(pipeName, "cannot resolve " + existing + ": " + ex.getMessage(), ex);
		}
		int me = CurrentUser.uid();
		for (Path ancestor = includeFirst ? real : real.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
			FileIdentity found;
			try {
				found = FileIdentity.ofTarget(ancestor);
			}
			catch (IOException ex) {
				throw new PipeException(pipeName, "cannot inspect " + ancestor + ": " + ex.getMessage(), ex);
			}
			if (found.uid() != me && found.uid() != 0) {
				throw refuseAncestor(pipeName, directory, ancestor, "belongs to uid " + found.uid()
						+ ", neither to root nor to this process's user (uid " + me + "), so that user could replace what "
						+ "is below it. Use a directory whose every parent belongs to root or to you, " + HOW_TO_CHOOSE);
			}
			if ((found.permissions() & GROUP_OR_OTHERS_WRITE) != 0 && !found.isSticky()) {
				throw refuseAncestor(pipeName, directory, ancestor, "is writable by group or others ("
						+ found.permissionString() + ") without the sticky bit, so they could replace what is below it. "
						+ "Run 'chmod go-w " + ancestor + "' " + HOW_TO_CHOOSE);
			}
		}
	}

	/** {@code $XDG_RUNTIME_DIR}, when set; {@code null} otherwise. */
	private static @Nullable Path runtimeDirectory() {
		String runtimeDirectory = System.getenv(RUNTIME_DIRECTORY);
		if (runtimeDirectory == null || runtimeDirectory.isBlank()) {
			return null;
		}
		return Path.of(runtimeDirectory).toAbsolutePath();
	}

	/** The runtime directory must be this user's own, as the XDG specification requires. */
	private static void verifyRuntimeDirectory(Path runtimeDirectory, String pipeName) throws PipeException {
		FileIdentity found;
		try {
			found = FileIdentity.ofTarget(runtimeDirectory);
		}
		catch (NoSuchFileException ex) {
			throw new PipeException(pipeName, RUNTIME_DIRECTORY + " is " + runtimeDirectory + ", which does not exist: "
					+ "set it to your own runtime directory (usually /run/user/<your uid>) or unset it, " + HOW_TO_CHOOSE, ex);
		}
		catch (IOException ex) {
			throw new PipeException(pipeName, "cannot inspect " + RUNTIME_DIRECTORY + " " + runtimeDirectory + ": "
					+ ex.getMessage(), ex);
		}
		int me = CurrentUser.uid();
		if (found.uid() != me) {
			throw new UnsafePipePathException(pipeName, "refusing " + RUNTIME_DIRECTORY + "=" + runtimeDirectory
					+ ": it belongs to uid " + found.uid() + ", not to this process's user (uid " + me + "); it is "
					+ "another user's runtime directory, who could read, replace or remove the pipes in it. Set "
					+ RUNTIME_DIRECTORY + " to your own runtime directory (usually /run/user/" + me + ") or unset it, "
					+ HOW_TO_CHOOSE);
		}
		if ((found.permissions() & GROUP_OR_OTHERS_WRITE) != 0) {
			throw new UnsafePipePathException(pipeName, "refusing " + RUNTIME_DIRECTORY + "=" + runtimeDirectory
					+ ": group or others can write to it (" + found.permissionString() + "). Run 'chmod 0700 "
					+ runtimeDirectory + "' " + HOW_TO_CHOOSE);
		}
	}

	private static void create(Path directory, String pipeName) throws IOException {
		try {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			// The umask may have removed some of the owner's bits: set exactly 0700.
			Files.setPosixFilePermissions(directory, OWNER_ONLY);
			logger.debug("Pipe '{}': created base directory {}", pipeName, directory);
		}
		catch (FileAlreadyExistsException ex) {
			// Made concurrently, or a non-directory is there: verify() decides.
		}
	}

	private static void verify(Path directory, String pipeName) throws IOException {
		int me = CurrentUser.uid();
		FileIdentity entry = FileIdentity.ofPath(directory);
		if (entry.isSymbolicLink() && entry.uid() != me && entry.uid() != 0) {
			throw refuse(pipeName, directory, "it is a symbolic link owned by uid " + entry.uid()
					+ ", who could re-point it. Remove the link " + HOW_TO_CHOOSE);
		}
		FileIdentity target = FileIdentity.ofTarget(directory);
		if (!target.isDirectory()) {
			throw refuse(pipeName, directory, "it is " + target.typeDescription() + ", not a directory. Remove it "
					+ HOW_TO_CHOOSE);
		}
		if (target.uid() != me) {
			throw refuse(pipeName, directory, "it belongs to uid " + target.uid() + ", not to this process's user (uid "
					+ me + "). Use a directory you own, " + HOW_TO_CHOOSE);
		}
		if ((target.permissions() & GROUP_OR_OTHERS_WRITE) != 0) {
			throw refuse(pipeName, directory, "group or others can write to it (" + target.permissionString()
					+ ") and could replace its pipes. Run 'chmod go-w " + directory + "' " + HOW_TO_CHOOSE);
		}
	}

	private static UnsafePipePathException refuseAncestor(String pipeName, Path directory, Path ancestor, String why) {
		String which = ancestor.equals(directory) ? "it" : "the directory " + ancestor + " above it";
		return new UnsafePipePathException(pipeName, "refusing " + directory + " as a directory for pipes: " + which + " "
				+ why);
	}

	private static UnsafePipePathException refuse(String pipeName, Path directory, String why) {
		return new UnsafePipePathException(pipeName, "refusing base directory " + directory + ": " + why);
	}

}
