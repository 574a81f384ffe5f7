package io.github.xpipe.pipe.posix;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FIFO handled with plain system calls, as another process would: made, removed, replaced, and
 * opened and written without xpipe.
 */
final class RawFifo {

	private RawFifo() {
	}

	/** {@code mkfifo(path, 0600)}. */
	static FileIdentity make(Path path) throws Exception {
		assertThat(LibC.mkfifo(LibC.nativePath(path), 0600)).as("mkfifo %s", path).isZero();
		return FileIdentity.ofPath(path);
	}

	/** Removes the FIFO and makes a new one at the same path: another inode, as a peer re-creating it does. */
	static FileIdentity replace(Path path) throws Exception {
		Files.delete(path);
		return make(path);
	}

	/** Opens for writing without blocking: the descriptor, or -1 while no reader has the FIFO open. */
	static int tryOpenWriter(Path path) {
		return LibC.open(path, LibC.O_WRONLY | LibC.O_NONBLOCK);
	}

	/** Opens for reading without blocking. */
	static int openReader(Path path) {
		int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK);
		assertThat(fd).as("open %s for reading", path).isNotNegative();
		return fd;
	}

	/** One {@code write(2)} of {@code text}, which must go out whole. */
	static void write(int fd, String text) {
		write(fd, text.getBytes(StandardCharsets.UTF_8));
	}

	/** One {@code write(2)} of {@code bytes}, which must go out whole. */
	static void write(int fd, byte[] bytes) {
		try (Memory memory = new Memory(Math.max(1, bytes.length))) {
			memory.write(0, bytes, 0, bytes.length);
			long written = LibC.write(fd, memory, new NativeLong(bytes.length)).longValue();
			assertThat(written).as("write(2): %s", (written < 0) ? LibC.describe(LibC.errno()) : "").isEqualTo(bytes.length);
		}
	}

	/** Reads what is there now (at most 64 KiB), as text. */
	static String readNow(int fd) {
		try (Memory memory = new Memory(64 * 1024)) {
			long count = LibC.read(fd, memory, new NativeLong(64 * 1024)).longValue();
			return (count <= 0) ? "" : new String(memory.getByteArray(0, (int) count), StandardCharsets.UTF_8);
		}
	}

	static void close(int fd) {
		if (fd >= 0) {
			LibC.close(fd);
		}
	}

}
