package io.github.xpipe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeOptions;

/**
 * A private base directory for the pipes of one test, test class or Spring test context: created
 * owner-only (mode 0700 on Linux and macOS) under a private temporary root of this JVM, and deleted
 * with everything in it by {@link #close()}. Pipes given by a bare name live in it when it is the
 * {@linkplain PipeOptions#baseDirectory() base directory}; on Windows, where pipes live in the
 * system's pipe namespace, it holds nothing.
 *
 * <p>{@link XPipeTest @XPipeTest} creates and deletes these for you; {@link #create(String)} is for
 * other lifecycles. Thread-safe.
 */
public final class PipeTestDirectory implements AutoCloseable {

	private final Path path;

	private final AtomicBoolean closed = new AtomicBoolean();

	private PipeTestDirectory(Path path) {
		this.path = path;
	}

	/**
	 * Creates a new, empty private directory.
	 * @param label what the directory is for (a test's name, say); its letters and digits start the
	 *        directory's name, to help a person who finds it
	 * @throws UncheckedIOException when it cannot be created
	 */
	public static PipeTestDirectory create(String label) {
		try {
			return new PipeTestDirectory(PrivateTempRoot.newDirectory(label));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a private pipe directory for " + label + ": " + ex.getMessage(),
					ex);
		}
	}

	/** The directory. */
	public Path path() {
		return this.path;
	}

	/** The path of the pipe with this bare name in this directory. */
	public Path resolve(String name) {
		return this.path.resolve(name);
	}

	/** Default pipe options with this directory as the base directory. */
	public PipeOptions options() {
		return PipeOptions.defaults().withBaseDirectory(this.path);
	}

	/** The pipe with this bare name in this directory, with {@link #options()}; not created yet. */
	public NamedPipe pipe(String name) {
		return NamedPipe.of(name, options());
	}

	/**
	 * Deletes the directory and everything in it (pipes, files, links: a link is removed, never
	 * followed). Idempotent.
	 * @throws UncheckedIOException when something in it cannot be deleted
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		try {
			PrivateTempRoot.delete(this.path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete the pipe directory " + this.path + ": " + ex.getMessage(), ex);
		}
	}

	/** Whether the directory is still there (it is until {@link #close()}). */
	public boolean exists() {
		return Files.isDirectory(this.path);
	}

	@Override
	public String toString() {
		return "PipeTestDirectory[" + this.path + "]";
	}

}
