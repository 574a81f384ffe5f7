package io.github.xpipe.pipe.windows;

import java.util.function.Supplier;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeBusyException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * Windows named pipes through Win32 overlapped I/O.
 *
 * <p>A pipe named {@code orders} is {@code \\.\pipe\orders}; a {@code /} in a name is a
 * {@code \}, as python-xp-named-pipe maps it ({@code ipc/orders} is {@code \\.\pipe\ipc\orders}),
 * and the name of such a path is given back with {@code /}. Creating a pipe makes this process
 * its server: the first instance is created with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}, so a name
 * another process already serves fails with a {@link PipeBusyException} instead of silently
 * sharing it (pipe squatting); instances reject remote clients and carry an explicit DACL granting
 * only the current user and SYSTEM ({@code D:P(A;;GA;;;SY)(A;;GA;;;<user SID>)}) unless
 * {@link PipeOptions#securityDescriptor()} gives another SDDL. Instances are byte pipes, or
 * message pipes with {@link PipeMode#MESSAGE} (see {@link OverlappedPipeOutput} for how messages are
 * written).
 *
 * <p>The direction the pipe is created for ({@link PipeOptions#direction()}) decides its access:
 * an inbound server accepts any number of successive and concurrent writers, each its own
 * connection; an outbound server waits for a reader to connect. A message pipe is duplex whatever
 * the direction, because pywin32 peers (npipes) open theirs with {@code GENERIC_READ | GENERIC_WRITE}.
 * Ends opened on a pipe this process did not create are clients ({@code CreateFile}).
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
		String name = nameOrPath.regionMatches(true, 0, PIPE_PREFIX, 0, PIPE_PREFIX.length())
				? nameOrPath.substring(PIPE_PREFIX.length()) : nameOrPath.replace('/', '\\');
		for (String segment : name.split("\\\\", -1)) {
			// Windows normalises . and .. in \\.\ paths: they would name another pipe
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw new IllegalArgumentException("Invalid pipe name '" + nameOrPath + "': use a name such as "
						+ "orders or ipc/orders (no empty, . or .. parts), or \\\\.\\pipe\\<name>");
			}
		}
		String path = PIPE_PREFIX + name;
		if (path.length() > MAX_PATH_LENGTH) {
			throw new IllegalArgumentException(
					"Pipe path '" + path + "' is longer than the " + MAX_PATH_LENGTH + " characters Windows allows");
		}
		return path;
	}

	/** The path without {@code \\.\pipe\}, each further {@code \} given back as {@code /}. */
	@Override
	public String nameOf(String path) {
		String name = path.regionMatches(true, 0, PIPE_PREFIX, 0, PIPE_PREFIX.length())
				? path.substring(PIPE_PREFIX.length()) : path;
		return name.replace('\\', '/');
	}

	@Override
	public CreatedPipe create(String name, String path, PipeOptions options) throws PipeException {
		Win32Pipes win32 = this.win32.get();
		PipeServerSpec spec;
		try {
			spec = new PipeServerSpec(path, access(options.direction(), options.pipeMode()), isMessage(options),
					maxInstances(options.maxInstances()), options.pipeCapacity(), securityDescriptor(win32, options));
		}
		catch (Win32Exception ex) {
			throw new PipeException(name, "cannot determine the current user's SID: " + ex.getMessage(), ex);
		}
		try {
			return new WindowsCreatedPipe(win32, name, spec, spec.createInstance(win32, true));
		}
		catch (Win32Exception ex) {
			if (ex.code() == WinError.ERROR_ACCESS_DENIED || ex.code() == WinError.ERROR_PIPE_BUSY) {
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
		return new ClientPipeInput(this.win32.get(), name, path, options.readBufferSize(), isMessage(options));
	}

	@Override
	public PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		if (created != null) {
			return new ServerPipeOutput(this.win32.get(), name, path, (WindowsCreatedPipe) created,
					isMessage(options));
		}
		return new ClientPipeOutput(this.win32.get(), name, path, isMessage(options));
	}

	/** The SDDL of a created pipe: the configured one, else current user and SYSTEM only. */
	static String securityDescriptor(Win32Pipes win32, PipeOptions options) throws Win32Exception {
		String configured = options.securityDescriptor();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return "D:P(A;;GA;;;SY)(A;;GA;;;" + win32.currentUserSid() + ")";
	}

	/**
	 * Server access for the end this process opens: it reads an inbound pipe, writes an outbound one;
	 * a message pipe, or a pipe whose direction is not known, is duplex.
	 */
	static int access(@Nullable PipeDirection direction, PipeMode mode) {
		if (direction == null || mode == PipeMode.MESSAGE) {
			return WinBase.PIPE_ACCESS_DUPLEX;
		}
		return switch (direction) {
			case INBOUND -> WinBase.PIPE_ACCESS_INBOUND;
			case OUTBOUND -> WinBase.PIPE_ACCESS_OUTBOUND;
		};
	}

	static int maxInstances(int configured) {
		return (configured == PipeOptions.UNLIMITED_INSTANCES || configured >= WinBase.PIPE_UNLIMITED_INSTANCES)
				? WinBase.PIPE_UNLIMITED_INSTANCES : configured;
	}

	private static boolean isMessage(PipeOptions options) {
		return options.pipeMode() == PipeMode.MESSAGE;
	}

	/** The JNA bindings, loaded on first use only. */
	private static final class NativeHolder {

		private static final Win32Pipes INSTANCE = new JnaWin32Pipes();

		static Win32Pipes instance() {
			return INSTANCE;
		}

	}

}
