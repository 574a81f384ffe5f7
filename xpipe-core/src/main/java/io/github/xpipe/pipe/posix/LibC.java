package io.github.xpipe.pipe.posix;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc functions the POSIX backend calls, and the constants of the C headers they take, with
 * their Linux or macOS values.
 *
 * <p>{@code open} and {@code fcntl} are variadic in C: they are bound through an interface mapping
 * with Java varargs ({@link Variadic}), which JNA passes to libffi as a variadic call, as the macOS
 * arm64 ABI requires (it puts variadic arguments on the stack, not in registers). Every other
 * function is non-variadic and bound with JNA's direct mapping ({@link Native#register}), the cheap
 * path used by the per-read and per-write calls. {@code size_t}, {@code ssize_t} and {@code nfds_t}
 * are passed as {@link NativeLong}: the C {@code long} width everywhere except macOS's
 * {@code nfds_t} ({@code unsigned int}), which is a register argument where the wider value is
 * harmless. The per-chunk {@code read} and {@code write} go through {@link #read(int, long, long)} and
 * {@link #write(int, long, long)}: on LP64 systems they bind to natives taking and returning Java
 * {@code long}s, because JNA converts a {@code NativeLong} result reflectively, allocating on every
 * call.
 *
 * <p>Paths go to C as NUL-terminated bytes in the JDK's own file-name encoding
 * ({@code sun.jnu.encoding}), so JNA's string encoding never changes which file is meant.
 *
 * <p>Loaded only by the POSIX backend: Windows never initialises this class.
 */
final class LibC {

	static final boolean LINUX = Platform.isLinux();

	// <fcntl.h> open(2) flags
	static final int O_RDONLY = 0;

	static final int O_WRONLY = 1;

	static final int O_NONBLOCK = LINUX ? 0x800 : 0x4;

	static final int O_NOFOLLOW = LINUX ? linuxNoFollow() : 0x100;

	static final int O_CLOEXEC = LINUX ? 0x80000 : 0x1000000;

	// <fcntl.h> fcntl(2) commands
	static final int F_SETFD = 2;

	static final int F_GETFL = 3;

	static final int F_SETFL = 4;

	static final int FD_CLOEXEC = 1;

	/** Linux only: set a pipe's capacity. */
	static final int F_SETPIPE_SZ = 1031;

	/** Linux only: a pipe's capacity. */
	static final int F_GETPIPE_SZ = 1032;

	// <fcntl.h> *at() arguments
	static final int AT_FDCWD = LINUX ? -100 : -2;

	static final int AT_SYMLINK_NOFOLLOW = LINUX ? 0x100 : 0x20;

	// <sys/file.h> flock(2) operations
	static final int LOCK_EX = 2;

	static final int LOCK_NB = 4;

	static final int LOCK_UN = 8;

	/** {@code <sys/ioctl.h>} FIONREAD: the bytes a pipe holds unread. */
	static final long FIONREAD = LINUX ? linuxFionread() : 0x4004667FL;

	/** {@code <limits.h>} PIPE_BUF: the largest write to a pipe that is never interleaved with others. */
	static final int PIPE_BUF = LINUX ? 4096 : 512;

	// <poll.h>
	static final short POLLIN = 0x1;

	static final short POLLOUT = 0x4;

	static final short POLLERR = 0x8;

	static final short POLLHUP = 0x10;

	static final short POLLNVAL = 0x20;

	// <errno.h>
	static final int EPERM = 1;

	static final int ENOENT = 2;

	static final int EINTR = 4;

	static final int ENXIO = 6;

	static final int EAGAIN = LINUX ? 11 : 35;

	static final int EEXIST = 17;

	static final int ENOTDIR = 20;

	static final int EPIPE = 32;

	static final int ELOOP = LINUX ? 40 : 62;

	/** {@code ENOTSUP}; on Linux it equals {@code EOPNOTSUPP}. */
	static final int ENOTSUP = LINUX ? 95 : 45;

	/** macOS's {@code EOPNOTSUPP}, distinct from its {@code ENOTSUP}. */
	static final int EOPNOTSUPP = LINUX ? 95 : 102;

	private static final Charset FILE_NAME_CHARSET = fileNameCharset();

	/** {@code open} and {@code fcntl}, called as the variadic functions they are. */
	interface Variadic extends Library {

		int open(byte[] path, int flags, Object... mode);

		int fcntl(int fd, int cmd, Object... arg);

		int ioctl(int fd, NativeLong request, Object... arg);

	}

	static final Variadic VARIADIC;

	/**
	 * Whether C {@code long}, {@code size_t} and pointers are all 64 bits wide (LP64), so that
	 * {@link Lp64} can pass them as Java {@code long}s: a read or write then allocates nothing.
	 */
	static final boolean LP64 = Native.LONG_SIZE == 8 && Native.POINTER_SIZE == 8 && Native.SIZE_T_SIZE == 8;

	static {
		if (!LINUX && !Platform.isMac()) {
			throw new UnsupportedOperationException(
					"xpipe's POSIX backend supports Linux and macOS, not " + System.getProperty("os.name"));
		}
		NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME, LibC.class.getClassLoader());
		Native.register(LibC.class, libc);
		VARIADIC = Native.load(Platform.C_LIBRARY_NAME, Variadic.class);
		if (LP64) {
			Native.register(Lp64.class, libc);
		}
	}

	/** {@code read} and {@code write} with addresses and sizes as Java {@code long}s; LP64 only. */
	private static final class Lp64 {

		static native long read(int fd, long buffer, long count);

		static native long write(int fd, long buffer, long count);

	}

	private LibC() {
	}

	static native NativeLong read(int fd, Pointer buffer, NativeLong count);

	static native NativeLong write(int fd, Pointer buffer, NativeLong count);

	/** {@code read(fd, address, count)}: the byte count, or -1 with errno. Allocates nothing on LP64. */
	static long read(int fd, long address, long count) {
		return LP64 ? Lp64.read(fd, address, count) : read(fd, new Pointer(address), new NativeLong(count)).longValue();
	}

	/** {@code write(fd, address, count)}: the byte count, or -1 with errno. Allocates nothing on LP64. */
	static long write(int fd, long address, long count) {
		return LP64 ? Lp64.write(fd, address, count) : write(fd, new Pointer(address), new NativeLong(count)).longValue();
	}

	/** The native address of a direct buffer's first byte (not its position). */
	static long address(java.nio.ByteBuffer direct) {
		return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
	}

	static native int poll(Pointer fds, NativeLong nfds, int timeoutMillis);

	static native int close(int fd);

	static native int pipe(int[] fds);

	static native int mkfifo(byte[] path, int mode);

	static native int fchmodat(int dirFd, byte[] path, int mode, int flags);

	static native int geteuid();

	static native int fchmod(int fd, int mode);

	static native int flock(int fd, int operation);

	static native Pointer strerror(int errno);

	/** {@code open(path, flags)} without a mode (no {@code O_CREAT}); -1 with errno on failure. */
	static int open(Path path, int flags) {
		return VARIADIC.open(nativePath(path), flags);
	}

	/** {@code fcntl(fd, cmd, arg)} with an {@code int} argument. */
	static int fcntl(int fd, int cmd, int arg) {
		return VARIADIC.fcntl(fd, cmd, arg);
	}

	/** {@code fcntl(fd, cmd)} without an argument. */
	static int fcntl(int fd, int cmd) {
		return VARIADIC.fcntl(fd, cmd);
	}

	/**
	 * How many bytes the pipe behind {@code fd} holds unread ({@code ioctl(FIONREAD)}), or -1 with
	 * errno when it cannot tell.
	 */
	static int bytesUnread(int fd) {
		try (Memory count = new Memory(4)) {
			count.setInt(0, 0);
			if (VARIADIC.ioctl(fd, new NativeLong(FIONREAD), count) < 0) {
				return -1;
			}
			return count.getInt(0);
		}
	}

	/** The errno of this thread's last native call through JNA. */
	static int errno() {
		return Native.getLastError();
	}

	/** An errno as a person reads it, e.g. {@code "No such file or directory (errno 2)"}. */
	static String describe(int errno) {
		Pointer message = strerror(errno);
		String text = (message != null) ? message.getString(0) : "unknown error";
		return text + " (errno " + errno + ")";
	}

	/** The path as a NUL-terminated C string in the JDK's file-name encoding. */
	static byte[] nativePath(Path path) {
		byte[] bytes = path.toString().getBytes(FILE_NAME_CHARSET);
		return Arrays.copyOf(bytes, bytes.length + 1);
	}

	private static int linuxNoFollow() {
		// O_NOFOLLOW is 0400000 in asm-generic; arm, arm64 and powerpc define it as 0100000.
		String arch = Platform.ARCH;
		switch (arch) {
			case "aarch64", "arm", "armel", "ppc", "ppc64", "ppc64le":
				return 0x8000;
			case "x86", "x86-64", "riscv64", "s390x", "loongarch64":
				return 0x20000;
			default:
				throw new UnsupportedOperationException(
						"xpipe's POSIX backend does not know the open(2) flags of Linux on " + arch);
		}
	}

	private static long linuxFionread() {
		// 0x541B in asm-generic; powerpc takes the BSD value, as macOS does.
		return Platform.ARCH.startsWith("ppc") ? 0x4004667FL : 0x541BL;
	}

	private static Charset fileNameCharset() {
		String name = System.getProperty("sun.jnu.encoding");
		try {
			return (name != null) ? Charset.forName(name) : StandardCharsets.UTF_8;
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

}
