package io.github.xpipe.hardening;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * How full a FIFO is, seen through a read descriptor of this test's own (Linux): the bytes it holds
 * unread ({@code FIONREAD}) and its capacity ({@code F_GETPIPE_SZ}). Opening a second reader changes
 * nothing for the writers or the reader already there, and this one never reads.
 */
final class FifoFill {

	private static final int O_RDONLY_NONBLOCK = 0x800;

	private static final long FIONREAD = 0x541B;

	private static final int F_GETPIPE_SZ = 1032;

	private FifoFill() {
	}

	/** Whether the FIFO cannot take {@code frameLength} more bytes: a writer of such a frame must wait. */
	static boolean isFull(Path fifo, int frameLength) {
		int fd = C.INSTANCE.open(fifo.toString(), O_RDONLY_NONBLOCK);
		if (fd < 0) {
			return false;
		}
		try {
			IntByReference unread = new IntByReference();
			if (C.INSTANCE.ioctl(fd, new NativeLong(FIONREAD), unread) < 0) {
				return false;
			}
			int capacity = C.INSTANCE.fcntl(fd, F_GETPIPE_SZ, 0);
			return capacity > 0 && capacity - unread.getValue() < frameLength;
		}
		finally {
			C.INSTANCE.close(fd);
		}
	}

	/** The few libc functions used, called as the variadic functions {@code open}, {@code ioctl} and {@code fcntl} are. */
	private interface C extends Library {

		C INSTANCE = Native.load("c", C.class);

		int open(String path, int flags, Object... mode);

		int ioctl(int fd, NativeLong request, Object... argument);

		int fcntl(int fd, int command, Object... argument);

		int close(int fd);

	}

}
