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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory where bare pipe names live: {@link PipeOptions#baseDirectory()} when set, else
 * {@code $XDG_RUNTIME_DIR/xpipe} when that variable is set, else {@code <java.io.tmpdir>/xpipe-<user>}.
 *
 * <p>Before a pipe is created in it, the directory is made (mode 0700) if missing, and refused
 * unless it belongs to this process's user and neither group nor others can write to it: whoever can
 * write to the directory can swap the FIFO for their own. A symbolic link as the directory is followed
 * only when it belongs to this user or to root, who are the only ones able to re-point it.
 */
final class PosixBaseDirectory {

	private static final Logger logger = LoggerFactory.getLogger(PosixBaseDirectory.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

	private static final int GROUP_OR_OTHERS_WRITE = 0022;

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
		String runtimeDirectory = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDirectory != null && !runtimeDirectory.isBlank()) {
			return Path.of(runtimeDirectory, "xpipe").toAbsolutePath();
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "xpipe-" + System.getProperty("user.name"))
			.toAbsolutePath();
	}

	/**
	 * Makes {@code directory} (mode 0700) if it does not exist and checks that only this user can
	 * write to it.
	 * @throws UnsafePipePathException naming what to change when it is not safe
	 */
	static void ensure(Path directory, String pipeName) throws PipeException {
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

	private static UnsafePipePathException refuse(String pipeName, Path directory, String why) {
		return new UnsafePipePathException(pipeName, "refusing base directory " + directory + ": " + why);
	}

}
