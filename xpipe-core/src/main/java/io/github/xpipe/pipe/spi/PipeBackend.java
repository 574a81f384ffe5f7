package io.github.xpipe.pipe.spi;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;

import org.jspecify.annotations.Nullable;

/**
 * One operating system's named pipes. Implementations are stateless and thread-safe; all state
 * lives in the {@link CreatedPipe}, {@link PipeInput} and {@link PipeOutput} they return.
 */
public interface PipeBackend {

	/**
	 * The operating-system path of a pipe given by a bare name or an explicit path: on POSIX a bare
	 * name (no {@code /}) resolves inside the base directory; on Windows {@code orders} becomes
	 * {@code \\.\pipe\orders} and a full pipe path is kept as it is. Resolving has no side effects.
	 */
	String resolvePath(String nameOrPath, PipeOptions options);

	/** The short name of a resolved path: its last element, without Windows' {@code \\.\pipe\} prefix. */
	String nameOf(String path);

	/**
	 * Creates the operating-system pipe, owned by this process until {@link CreatedPipe#delete()}.
	 * On POSIX: makes the base directory if needed (0700; refuses one other users can write to) and
	 * mkfifo with {@code options.permissions()}; an existing FIFO of this user that is not a symlink
	 * is reused (and then not deleted later), anything else is an {@link
	 * io.github.xpipe.pipe.UnsafePipePathException} and is left untouched. On Windows: creates the
	 * first server instance with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}; a name another process owns
	 * is a {@link io.github.xpipe.pipe.PipeBusyException}.
	 */
	CreatedPipe create(String name, String path, PipeOptions options) throws PipeException;

	/**
	 * A reading end, not yet opened. {@code created} is the pipe this process created, or
	 * {@code null} when another process owns it (then this process is a client).
	 */
	PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options);

	/**
	 * A reading end, not yet opened, that takes over from and gives back to {@code standby} (see
	 * {@link ReaderStandby}). The default ignores the standby.
	 */
	default PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options,
			@Nullable ReaderStandby standby) {
		return newInput(name, path, created, options);
	}

	/**
	 * A {@link ReaderStandby} for the pipe, already holding it open when it exists; {@code null}
	 * where the operating system needs none (the default: on Windows every client has a pipe
	 * instance of its own, and nothing is lost between read ends).
	 * @throws io.github.xpipe.pipe.UnsafePipePathException when the path exists and is not a pipe
	 *         this process may use
	 */
	default @Nullable ReaderStandby newReaderStandby(String name, String path, PipeOptions options)
			throws PipeException {
		return null;
	}

	/**
	 * Like {@link #newReaderStandby(String, String, PipeOptions)}, for a pipe that may be known never
	 * to have been read.
	 * @param neverRead whether this process made the pipe and no read end has read it yet: then
	 *        whatever it holds was written since, from a frame boundary on, and is no reader's leftover
	 */
	default @Nullable ReaderStandby newReaderStandby(String name, String path, PipeOptions options,
			boolean neverRead) throws PipeException {
		return newReaderStandby(name, path, options);
	}

	/**
	 * A writing end, not yet opened. {@code created} is the pipe this process created, or
	 * {@code null} when another process owns it (then this process is a client).
	 */
	PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options);

}
