package io.github.xpipe.pipe.posix;

import java.io.IOException;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/**
 * A self-pipe that lets {@link FifoDescriptor#close()} interrupt a {@code poll(2)} in another thread
 * at once: the waiting thread polls the wake-up pipe's read end alongside its FIFO, and a wake-up
 * writes one byte to it. For ending an end the byte is never drained, so once woken every later poll
 * returns at once; a thread that uses it for signalling {@linkplain #drain() drains} it after each
 * wake-up.
 */
final class WakeupPipe {

	private final int readFd;

	private final int writeFd;

	private final Memory oneByte = new Memory(1);

	WakeupPipe() throws IOException {
		int[] fds = new int[2];
		if (LibC.pipe(fds) != 0) {
			throw new IOException("pipe() for a wake-up pipe failed: " + LibC.describe(LibC.errno()));
		}
		this.readFd = fds[0];
		this.writeFd = fds[1];
		try {
			configure(this.readFd);
			configure(this.writeFd);
		}
		catch (IOException ex) {
			release();
			throw ex;
		}
		this.oneByte.setByte(0, (byte) 1);
	}

	/** The descriptor to poll for {@code POLLIN}: readable once {@link #wake()} was called. */
	int readFd() {
		return this.readFd;
	}

	/** Makes every poll on {@link #readFd()}, current and future, return. Never blocks. */
	void wake() {
		int result;
		do {
			result = LibC.write(this.writeFd, this.oneByte, new NativeLong(1)).intValue();
		}
		while (result < 0 && LibC.errno() == LibC.EINTR);
		// EAGAIN means the pipe is full of wake-ups already: nothing more to do.
	}

	/**
	 * Reads every wake-up byte written so far, so that the next poll waits again: for a wake-up pipe
	 * used for signalling (see {@link FifoWriteWatcher}) rather than for ending an end.
	 */
	void drain() {
		try (Memory bytes = new Memory(64)) {
			while (LibC.read(this.readFd, bytes, new NativeLong(64)).intValue() > 0) {
				// keep reading until empty (EAGAIN)
			}
		}
	}

	/** Closes both descriptors; only when no thread polls {@link #readFd()} any more. */
	void release() {
		LibC.close(this.readFd);
		LibC.close(this.writeFd);
	}

	private static void configure(int fd) throws IOException {
		int flags = LibC.fcntl(fd, LibC.F_GETFL);
		if (flags < 0 || LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK) < 0
				|| LibC.fcntl(fd, LibC.F_SETFD, LibC.FD_CLOEXEC) < 0) {
			throw new IOException("fcntl() on a wake-up pipe failed: " + LibC.describe(LibC.errno()));
		}
	}

}
