package io.github.xpipe.pipe.spi;

import java.util.Locale;

/**
 * Chooses the {@link PipeBackend} for the running operating system. The Windows backend's classes
 * are loaded only on Windows and the POSIX backend's only elsewhere, so neither platform
 * initialises the other's native bindings.
 */
public final class PipeBackends {

	private PipeBackends() {
	}

	/** The backend of the operating system this JVM runs on. */
	public static PipeBackend current() {
		return Holder.CURRENT;
	}

	/** Whether this JVM runs on Windows. */
	public static boolean isWindows() {
		return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
	}

	private static final class Holder {

		static final PipeBackend CURRENT = isWindows() ? new io.github.xpipe.pipe.windows.WindowsPipeBackend()
				: new io.github.xpipe.pipe.posix.PosixPipeBackend();

	}

}
