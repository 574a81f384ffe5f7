package io.github.xpipe.pipe.posix;

import java.nio.file.Path;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import io.github.xpipe.pipe.spi.ReaderStandby;

import org.jspecify.annotations.Nullable;

/**
 * Named pipes on Linux and macOS: FIFOs, opened non-blocking through libc (JNA) so that a read end
 * opens without waiting for a writer and survives writers coming and going, a write end waits for a
 * reader within a timeout, and {@code close()} cancels any wait at once.
 *
 * <p>Why native calls rather than a {@code FileChannel}: the JDK can open a FIFO only blocking (a
 * reader would hang in {@code open} until a writer comes, uncancellably), cannot wrap a raw
 * descriptor in a channel, and offers no way to wait on a FIFO and a wake-up together. So bytes move
 * with {@code read(2)} and {@code write(2)} through JNA's direct mapping: one call per chunk read
 * (many frames per call under load) and one per frame written, where a channel would make the same
 * system call; nothing per byte.
 *
 * <p>A bare name resolves inside the {@linkplain PosixBaseDirectory base directory}; a name with a
 * {@code /} is a path. Only FIFOs owned by this process's user are ever used, never through a
 * symbolic link and never with permissions wider than configured; see {@link FifoPath}. A read end
 * follows the FIFO at its path when it is removed or replaced ({@link FifoInput}); a write end opens
 * it again when its reader went away or it was replaced ({@link FifoOutput}, {@link FifoWriteWatcher}). Native code is reached only once a pipe is created or an end
 * opened, so resolving names works without loading JNA.
 */
public final class PosixPipeBackend implements PipeBackend {

	@Override
	public String resolvePath(String nameOrPath, PipeOptions options) {
		if (nameOrPath.indexOf('/') >= 0) {
			return Path.of(nameOrPath).toAbsolutePath().toString();
		}
		if (nameOrPath.isEmpty() || nameOrPath.equals(".") || nameOrPath.equals("..")
				|| nameOrPath.indexOf('\0') >= 0) {
			throw new IllegalArgumentException("'" + nameOrPath + "' is not a valid pipe name: use a file name "
					+ "(no '/', not '.' or '..') or a path");
		}
		return PosixBaseDirectory.resolve(options).resolve(nameOrPath).toString();
	}

	@Override
	public String nameOf(String path) {
		Path fileName = Path.of(path).getFileName();
		return (fileName != null) ? fileName.toString() : path;
	}

	/**
	 * {@inheritDoc}
	 * <p>A pipe in the base directory makes that directory first (0700) and refuses one other users
	 * can write to. The FIFO gets exactly {@link PipeOptions#permissions()}, whatever the umask.
	 */
	@Override
	public CreatedPipe create(String name, String path, PipeOptions options) throws PipeException {
		Path fifoPath = Path.of(path);
		Path baseDirectory = PosixBaseDirectory.resolve(options);
		if (baseDirectory.equals(fifoPath.getParent())) {
			PosixBaseDirectory.ensure(baseDirectory, name);
		}
		else if (fifoPath.getParent() != null) {
			PosixBaseDirectory.verifyAncestors(fifoPath.getParent(), true, name);
		}
		return PosixCreatedPipe.create(fifoPath(name, path, options), options.permissions());
	}

	/** {@inheritDoc} <p>On POSIX both ends work the same whether or not this process created the FIFO. */
	@Override
	public PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		return new FifoInput(fifoPath(name, path, options), options, null);
	}

	/**
	 * {@inheritDoc}
	 * <p>A {@link FifoStandby} of the same path is taken over when the end opens and given back when it
	 * closes; with it, a FIFO that does not exist yet is waited for.
	 */
	@Override
	public PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options,
			@Nullable ReaderStandby standby) {
		return new FifoInput(fifoPath(name, path, options), options, (standby instanceof FifoStandby fifoStandby)
				? fifoStandby : null);
	}

	/** {@inheritDoc} <p>On POSIX both ends work the same whether or not this process created the FIFO. */
	@Override
	public PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		return new FifoOutput(fifoPath(name, path, options), options);
	}

	/** {@inheritDoc} <p>A {@link FifoStandby}: see there why read descriptors are held only between read ends. */
	@Override
	public ReaderStandby newReaderStandby(String name, String path, PipeOptions options) throws PipeException {
		return newReaderStandby(name, path, options, false);
	}

	/** {@inheritDoc} <p>A {@link FifoStandby}: see there why read descriptors are held only between read ends. */
	@Override
	public ReaderStandby newReaderStandby(String name, String path, PipeOptions options, boolean neverRead)
			throws PipeException {
		return FifoStandby.open(fifoPath(name, path, options), options.pipeCapacity(), neverRead);
	}

	/** The FIFO at {@code path}, to be used with at most the configured permissions. */
	private static FifoPath fifoPath(String name, String path, PipeOptions options) {
		return new FifoPath(name, Path.of(path), PosixCreatedPipe.modeOf(options.permissions()));
	}

}
