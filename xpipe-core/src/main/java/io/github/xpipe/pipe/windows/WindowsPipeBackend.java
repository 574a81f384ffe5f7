package io.github.xpipe.pipe.windows;

import java.util.function.Supplier;

import io.github.xpipe.pipe.PipeBusyException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * Windows named pipes through Win32 overlapped I/O.
 *
 * <p>A pipe named {@code orders} is {@code \\.\pipe\orders}. Creating a pipe makes this process
 * its server: the first instance is created with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}, so a name
 * another process already serves fails with a {@link PipeBusyException} instead of silently
 * sharing it (pipe squatting); instances reject remote clients and carry an explicit DACL granting
 * only the current user and SYSTEM ({@code D:P(A;;GA;;;SY)(A;;GA;;;<user SID>)}) unless
 * {@link PipeOptions#securityDescriptor()} gives another SDDL. Instances are byte pipes: both
 * framings are byte streams with their own frame boundaries.
 *
 * <p>The direction the pipe is created for ({@link PipeOptions#direction()}) decides its access:
 * an inbound server accepts any number of successive and concurrent writers, each its own
 * connection; an outbound server waits for a reader to connect. Ends opened on a pipe this process
 * did not create are clients ({@code CreateFile}).
 *
 * <p>Nothing here touches native code until a pipe is used: {@link JnaWin32Pipes} loads kernel32
 * on first use, and {@link io.github.xpipe.pipe.spi.PipeBackends} only loads this class on Windows.
 */
public final class WindowsPipeBackend implements PipeBackend {

	/** The prefix of every local pipe path. */
	public static final String PIPE_PREFIX = "\\\\.\\pipe\\";

	/** The longest pipe path Windows accepts. */
	static final int MAX_PATH_LENGTH = 256;

	private final Supplier<Win32Pipes> win32;

	/** The backend calling Windows through JNA. */
	public WindowsPipeBackend() {
		this.win32 = NativeHolder::instance;
	}

	WindowsPipeBackend(Win32Pipes win32) {
		this.win32 = () -> win32;
	}

	@Override
	public String resolvePath(String nameOrPath, PipeOptions options) {
		if (nameOrPath.isEmpty()) {
			throw new IllegalArgumentException("A pipe name must not be empty");
		}
		String path = nameOrPath.regionMatches(true, 0, PIPE_PREFIX, 0, PIPE_PREFIX.length())
				? PIPE_PREFIX + nameOrPath.substring(PIPE_PREFIX.length()) : PIPE_PREFIX + nameOrPath;
		String name = path.substring(PIPE_PREFIX.length());
		if (name.isEmpty() || name.indexOf('\\') >= 0) {
			throw new IllegalArgumentException("Invalid pipe name '" + nameOrPath
					+ "': use a bare name without backslashes, or \\\\.\\pipe\\<name>");
		}
		if (path.length() > MAX_PATH_LENGTH) {
			throw new IllegalArgumentException(
					"Pipe path '" + path + "' is longer than the " + MAX_PATH_LENGTH + " characters Windows allows");
		}
		return path;
	}

	@Override
	public String nameOf(String path) {
		return path.regionMatches(true, 0, PIPE_PREFIX, 0, PIPE_PREFIX.length()) ? path.substring(PIPE_PREFIX.length())
				: path;
	}

	@Override
	public CreatedPipe create(String name, String path, PipeOptions options) throws PipeException {
		Win32Pipes win32 = this.win32.get();
		PipeServerSpec spec;
		try {
			spec = new PipeServerSpec(path, access(options.direction()), maxInstances(options.maxInstances()),
					options.pipeCapacity(), securityDescriptor(win32, options));
		}
		catch (Win32Exception ex) {
			throw new PipeException(name, "cannot determine the current user's SID: " + ex.getMessage(), ex);
		}
		try {
			return new WindowsCreatedPipe(win32, name, spec, spec.createInstance(win32, true));
		}
		catch (Win32Exception ex) {
			if (ex.code() == Win32Pipes.ERROR_ACCESS_DENIED || ex.code() == Win32Pipes.ERROR_PIPE_BUSY) {
				throw new PipeBusyException(name, "another process already serves " + path
						+ " (refusing to share it: that would let it read or answer our messages, i.e. pipe squatting)",
						ex);
			}
			throw new PipeException(name, "cannot create " + path + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		if (created != null) {
			return new ServerPipeInput(this.win32.get(), name, path, (WindowsCreatedPipe) created,
					options.readBufferSize(), options.maxInstances());
		}
		return new ClientPipeInput(this.win32.get(), name, path, options.readBufferSize());
	}

	@Override
	public PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		if (created != null) {
			return new ServerPipeOutput(this.win32.get(), name, path, (WindowsCreatedPipe) created);
		}
		return new ClientPipeOutput(this.win32.get(), name, path);
	}

	/** The SDDL of a created pipe: the configured one, else current user and SYSTEM only. */
	static String securityDescriptor(Win32Pipes win32, PipeOptions options) throws Win32Exception {
		String configured = options.securityDescriptor();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return "D:P(A;;GA;;;SY)(A;;GA;;;" + win32.currentUserSid() + ")";
	}

	/** Server access for the end this process opens: it reads an inbound pipe, writes an outbound one. */
	static int access(@Nullable PipeDirection direction) {
		if (direction == null) {
			return Win32Pipes.PIPE_ACCESS_DUPLEX;
		}
		return switch (direction) {
			case INBOUND -> Win32Pipes.PIPE_ACCESS_INBOUND;
			case OUTBOUND -> Win32Pipes.PIPE_ACCESS_OUTBOUND;
		};
	}

	static int maxInstances(int configured) {
		return (configured == PipeOptions.UNLIMITED_INSTANCES || configured >= Win32Pipes.PIPE_UNLIMITED_INSTANCES)
				? Win32Pipes.PIPE_UNLIMITED_INSTANCES : configured;
	}

	/** The JNA bindings, loaded on first use only. */
	private static final class NativeHolder {

		private static final Win32Pipes INSTANCE = new JnaWin32Pipes();

		static Win32Pipes instance() {
			return INSTANCE;
		}

	}

}
