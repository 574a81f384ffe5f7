package io.github.xpipe.pipe.posix;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a FIFO's kernel buffer on Linux with {@code fcntl(F_SETPIPE_SZ)}: the default 64 KiB makes a
 * bulk writer and reader take turns every few frames, a larger buffer lets them run side by side.
 * The request is capped by {@code /proc/sys/fs/pipe-max-size}; when it still fails (an unprivileged
 * user over {@code pipe-user-pages-soft} gets {@code EPERM}) the pipe keeps its size and a debug
 * line says so. Does nothing on macOS, whose pipes have no such control.
 */
final class PipeCapacity {

	private static final Logger logger = LoggerFactory.getLogger(PipeCapacity.class);

	private static final String MAX_SIZE_FILE = "/proc/sys/fs/pipe-max-size";

	private static volatile int maxSize;

	private PipeCapacity() {
	}

	/** Asks for at least {@code requested} bytes (capped by the system maximum) on the pipe behind {@code fd}. */
	static void raise(int fd, int requested, String pipeName) {
		if (!LibC.LINUX) {
			return;
		}
		int target = Math.min(requested, maxSize());
		int current = current(fd);
		if (current < 0 || current >= target) {
			return;
		}
		if (LibC.fcntl(fd, LibC.F_SETPIPE_SZ, target) < 0) {
			int errno = LibC.errno();
			logger.debug("Pipe '{}': keeping its {}-byte buffer, F_SETPIPE_SZ to {} failed: {}", pipeName, current,
					target, LibC.describe(errno));
		}
	}

	/** The capacity of the pipe behind {@code fd}, or -1 where it cannot be known (macOS). */
	static int current(int fd) {
		return LibC.LINUX ? LibC.fcntl(fd, LibC.F_GETPIPE_SZ) : -1;
	}

	/** {@code /proc/sys/fs/pipe-max-size}, read once; {@link Integer#MAX_VALUE} when unreadable. */
	static int maxSize() {
		int size = maxSize;
		if (size == 0) {
			size = readMaxSize();
			maxSize = size;
		}
		return size;
	}

	private static int readMaxSize() {
		// A /proc file reports size 0: read it to its end rather than by its announced size.
		try (InputStream in = new FileInputStream(MAX_SIZE_FILE)) {
			byte[] buffer = new byte[32];
			int length = 0;
			int count;
			while (length < buffer.length && (count = in.read(buffer, length, buffer.length - length)) > 0) {
				length += count;
			}
			return Integer.parseInt(new String(buffer, 0, length, StandardCharsets.US_ASCII).trim());
		}
		catch (IOException | NumberFormatException ex) {
			logger.debug("Cannot read {}, not capping pipe capacity requests: {}", MAX_SIZE_FILE, ex.toString());
			return Integer.MAX_VALUE;
		}
	}

}
