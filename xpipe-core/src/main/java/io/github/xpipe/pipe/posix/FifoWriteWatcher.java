package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per process that watches every open FIFO write end between (and during) its writes,
 * so that an end never keeps writing into a FIFO nobody reads any more:
 * <ul>
 * <li><b>The reader went away.</b> Each end's descriptor is in one {@code poll(2)} that asks for no
 * event: it returns only with {@code POLLERR}, which a FIFO's write side reports once it has no
 * reader. The end then drops its connection, closing the descriptor as soon as no write uses it:
 * once no process has the FIFO open, the kernel discards what the departed reader left unread, so
 * the next reader starts on a frame boundary instead of inside a stale frame. The next write opens
 * the FIFO again.
 * <li><b>The FIFO was replaced.</b> Every {@value #PATH_CHECK_MILLIS} ms while ends are open, each
 * end's path is compared ({@code lstat}) with the FIFO it writes to; when it names another FIFO, the
 * end drops its connection the same way and its next write opens the new one. A FIFO that was only
 * removed is written on while it has a reader (a reader may be draining it); without one, the reader
 * left and the first rule applies.
 * </ul>
 * Ends register while open; changes wake the thread through a {@link WakeupPipe}. With no end open
 * the thread sleeps in {@code poll} without a timeout: no busy-waiting, no periodic wake-ups.
 * Nothing here is on the write path: a write only reads the end's current connection.
 */
final class FifoWriteWatcher {

	/** How often the path of each watched end is compared with the FIFO it writes to. */
	static final int PATH_CHECK_MILLIS = 250;

	private static final Logger logger = LoggerFactory.getLogger(FifoWriteWatcher.class);

	private static final int POLLFD_SIZE = 8;

	private static final FifoWriteWatcher INSTANCE = new FifoWriteWatcher();

	private final Set<FifoOutput> outputs = new LinkedHashSet<>();

	private @Nullable WakeupPipe wakeup;

	private @Nullable Thread thread;

	private FifoWriteWatcher() {
	}

	static FifoWriteWatcher instance() {
		return INSTANCE;
	}

	/** Watches {@code output}, or looks at its connection again when it is already watched. */
	void watch(FifoOutput output) throws IOException {
		WakeupPipe signal;
		synchronized (this) {
			if (this.wakeup == null) {
				this.wakeup = new WakeupPipe();
			}
			signal = this.wakeup;
			this.outputs.add(output);
			if (this.thread == null) {
				Thread watcher = new Thread(this::run, "xpipe-fifo-watcher");
				watcher.setDaemon(true);
				this.thread = watcher;
				watcher.start();
			}
		}
		signal.wake();
	}

	/** Stops watching {@code output}; the thread lets go of its descriptor at once. */
	void unwatch(FifoOutput output) {
		WakeupPipe signal;
		synchronized (this) {
			if (!this.outputs.remove(output)) {
				return;
			}
			signal = this.wakeup;
		}
		if (signal != null) {
			signal.wake();
		}
	}

	/** Whether {@code output} is watched (for tests). */
	synchronized boolean isWatching(FifoOutput output) {
		return this.outputs.contains(output);
	}

	private void run() {
		Memory table = new Memory(POLLFD_SIZE);
		long nextPathCheck = System.nanoTime();
		while (true) {
			List<FifoOutput> watched;
			WakeupPipe signal;
			synchronized (this) {
				watched = new ArrayList<>(this.outputs);
				signal = this.wakeup;
			}
			if (signal == null) {
				return;
			}
			List<FifoOutput> owners = new ArrayList<>(watched.size());
			List<FifoConnection> polled = new ArrayList<>(watched.size());
			for (FifoOutput output : watched) {
				FifoConnection connection = output.connection();
				if (connection != null && connection.acquire()) {
					owners.add(output);
					polled.add(connection);
				}
			}
			try {
				if (table.size() < (long) (polled.size() + 1) * POLLFD_SIZE) {
					table = new Memory((long) (polled.size() + 1) * POLLFD_SIZE);
				}
				table.setInt(0, signal.readFd());
				table.setShort(4, LibC.POLLIN);
				table.setShort(6, (short) 0);
				for (int i = 0; i < polled.size(); i++) {
					long offset = (long) (i + 1) * POLLFD_SIZE;
					table.setInt(offset, polled.get(i).fd);
					table.setShort(offset + 4, (short) 0);
					table.setShort(offset + 6, (short) 0);
				}
				long untilCheck = Math.max(0, (nextPathCheck - System.nanoTime() + 999_999) / 1_000_000);
				int timeout = watched.isEmpty() ? -1 : (int) Math.min(untilCheck, PATH_CHECK_MILLIS);
				if (LibC.poll(table, new NativeLong(polled.size() + 1), timeout) < 0 && LibC.errno() != LibC.EINTR) {
					throw new IOException("poll() failed: " + LibC.describe(LibC.errno()));
				}
				if (table.getShort(6) != 0) {
					signal.drain();
				}
				for (int i = 0; i < polled.size(); i++) {
					int events = table.getShort((long) (i + 1) * POLLFD_SIZE + 6);
					if ((events & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
						owners.get(i).readerLeft(polled.get(i));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("The FIFO write-end watcher failed ({}); trying again in {} ms", ex.toString(), PATH_CHECK_MILLIS);
				pause();
			}
			finally {
				polled.forEach(FifoConnection::release);
			}
			if (!watched.isEmpty() && System.nanoTime() - nextPathCheck >= 0) {
				for (FifoOutput output : watched) {
					output.checkPath();
				}
				nextPathCheck = System.nanoTime() + PATH_CHECK_MILLIS * 1_000_000L;
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(PATH_CHECK_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
