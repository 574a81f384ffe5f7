package io.github.xpipe.test;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

import org.jspecify.annotations.Nullable;

/**
 * The JVM's private temporary root of pipe test directories: {@code <java.io.tmpdir>/xpipe-test-<random>},
 * created owner-only on first use, every directory in it owner-only too. Each directory is deleted
 * by whoever created it; the root goes when the JVM exits, by whichever finishes last of this
 * class's shutdown hook and the directories closed during shutdown (Spring test contexts are closed
 * by shutdown hooks of their own).
 */
final class PrivateTempRoot {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	private static final int MAX_LABEL_LENGTH = 40;

	private static @Nullable Path root;

	private static boolean shuttingDown;

	private static boolean hookAdded;

	private PrivateTempRoot() {
	}

	/** A new owner-only directory in the root, its name starting with the label's safe characters. */
	static Path newDirectory(String label) throws IOException {
		return Files.createTempDirectory(root(), prefix(label), ownerOnly());
	}

	/** Deletes a directory and what it holds, never following a link; then the root if the JVM is exiting. */
	static void delete(Path directory) throws IOException {
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException failure) throws IOException {
					if (failure != null) {
						throw failure;
					}
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (NoSuchFileException ex) {
			// already gone
		}
		finally {
			deleteRootIfExiting();
		}
	}

	private static synchronized Path root() throws IOException {
		if (root == null || !Files.isDirectory(root)) {
			root = Files.createTempDirectory("xpipe-test-", ownerOnly());
			if (!hookAdded) {
				Runtime.getRuntime().addShutdownHook(new Thread(PrivateTempRoot::exiting, "xpipe-test-root-cleanup"));
				hookAdded = true;
			}
		}
		return root;
	}

	private static void exiting() {
		synchronized (PrivateTempRoot.class) {
			shuttingDown = true;
		}
		deleteRootIfExiting();
	}

	private static synchronized void deleteRootIfExiting() {
		if (!shuttingDown || root == null) {
			return;
		}
		try {
			Files.deleteIfExists(root);
			root = null;
		}
		catch (DirectoryNotEmptyException ex) {
			// a directory still in use; the last one closed removes the root
		}
		catch (IOException ex) {
			// nothing to do while the JVM exits
		}
	}

	private static String prefix(String label) {
		String safe = label.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+", "");
		if (safe.length() > MAX_LABEL_LENGTH) {
			safe = safe.substring(0, MAX_LABEL_LENGTH);
		}
		return safe.isEmpty() ? "pipes-" : safe + "-";
	}

	private static FileAttribute<?>[] ownerOnly() {
		return POSIX ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) }
				: new FileAttribute<?>[0];
	}

}
