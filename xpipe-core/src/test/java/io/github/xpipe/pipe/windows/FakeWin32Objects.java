package io.github.xpipe.pipe.windows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;

/**
 * The kernel objects of {@link RecordingWin32Pipes}: handles, manual-reset events and I/O completion
 * ports, and the waits on them, which really block until an event is signalled, a completion is
 * queued, or their time-out passes. Every method holds the fake's monitor while it touches state.
 */
abstract class FakeWin32Objects implements Win32Pipes {

	/** {@code MAXIMUM_WAIT_OBJECTS}, which jna-platform does not define. */
	private static final int MAXIMUM_WAIT_OBJECTS = 64;

	/** Every call, in order, as {@code Name(arg, ...)}. Waits and results are not recorded. */
	final List<String> calls = new ArrayList<>();

	final Set<Long> openHandles = new LinkedHashSet<>();

	private final Set<Long> signalled = new HashSet<>();

	private final FakeCompletionPorts ports = new FakeCompletionPorts();

	private long nextHandle = 0x100;

	private int waits;

	private Runnable onWait = () -> {
	};

	/** Runs before every wait (before the check for signalled events or completions). */
	synchronized void onWait(Runnable action) {
		this.onWait = action;
	}

	synchronized int waitCount() {
		return this.waits;
	}

	@Override
	public synchronized long createEvent() {
		return newHandle();
	}

	@Override
	public synchronized void setEvent(long event) {
		this.signalled.add(event);
		notifyAll();
	}

	@Override
	public int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) {
		if (count < 1 || count > MAXIMUM_WAIT_OBJECTS) {
			throw new AssertionError("WaitForMultipleObjects takes 1 to 64 handles, not " + count);
		}
		long deadline = beforeWait(timeoutMillis);
		synchronized (this) {
			while (true) {
				for (int i = 0; i < count; i++) {
					requireOpen(handles[i]);
					if (this.signalled.contains(handles[i])) {
						return WinBase.WAIT_OBJECT_0 + i;
					}
				}
				if (!waitUntil(deadline, timeoutMillis)) {
					return WinError.WAIT_TIMEOUT;
				}
			}
		}
	}

	@Override
	public synchronized long createIoCompletionPort() {
		long port = newHandle();
		this.calls.add("CreateIoCompletionPort(" + port + ")");
		this.ports.create(port);
		return port;
	}

	@Override
	public synchronized void associateWithPort(long handle, long port, long key) {
		this.calls.add("CreateIoCompletionPort(" + handle + ", " + port + ", key=" + key + ")");
		requireOpen(handle);
		this.ports.associate(handle, port, key);
	}

	@Override
	public long getQueuedCompletionStatus(long port, int timeoutMillis) {
		long deadline = beforeWait(timeoutMillis);
		synchronized (this) {
			while (true) {
				Long key = this.ports.poll(port);
				if (key != null) {
					return key;
				}
				if (!waitUntil(deadline, timeoutMillis)) {
					return NO_COMPLETION;
				}
			}
		}
	}

	@Override
	public synchronized void postQueuedCompletionStatus(long port, long key) {
		this.ports.post(port, key);
		notifyAll();
	}

	/** An operation on {@code handle} finished: signals its event, queues its completion if associated. */
	final void completed(long event, long handle) {
		this.signalled.add(event);
		this.ports.completed(handle);
		notifyAll();
	}

	/** Resets an event for a new operation. */
	final void reset(long event) {
		this.signalled.remove(event);
	}

	/** Forgets a closed handle; a port is recorded as closed. */
	final void forget(long handle) {
		if (this.ports.closed(handle)) {
			this.calls.add("CloseHandle(" + handle + ")");
		}
		if (!this.openHandles.remove(handle)) {
			throw new AssertionError("closing handle " + handle + " which is not open");
		}
	}

	/** Counts a wait and runs the test's action for it; the wait's deadline. */
	private long beforeWait(int timeoutMillis) {
		Runnable action;
		synchronized (this) {
			this.waits++;
			action = this.onWait;
		}
		action.run();
		return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
	}

	/** Waits for a change until the deadline; false once it has passed. Holding the monitor. */
	private boolean waitUntil(long deadline, int timeoutMillis) {
		long remaining = deadline - System.nanoTime();
		if (timeoutMillis != WinBase.INFINITE && remaining <= 0) {
			return false;
		}
		waitUninterruptibly(
				(timeoutMillis == WinBase.INFINITE) ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
		return true;
	}

	final void waitUninterruptibly(long millis) {
		try {
			wait(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted while waiting");
		}
	}

	final void requireOpen(long handle) {
		if (!this.openHandles.contains(handle)) {
			throw new AssertionError("handle " + handle + " is not open");
		}
	}

	final long newHandle() {
		long handle = this.nextHandle;
		this.nextHandle += 4;
		this.openHandles.add(handle);
		return handle;
	}

}
