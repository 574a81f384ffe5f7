package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.PipeEnd;

/**
 * What every Windows pipe end shares: a manual-reset cancel event that {@link #close()} signals and
 * that every wait includes, so a blocked open, read or write ends at once, without polling.
 *
 * <p>The thread using the end holds {@link #lock} for the length of each operation. {@code close()}
 * signals the event first, then takes the lock (the blocked operation returns almost immediately)
 * and releases the native state: pending I/O is cancelled with {@code CancelIoEx} and its
 * completion awaited before any OVERLAPPED or buffer is freed.
 */
abstract class WindowsPipeEnd implements PipeEnd {

	/** How long a slice of an uncancellable wait (WaitNamedPipe) may last, well within close's 100 ms. */
	static final int UNCANCELLABLE_SLICE_MILLIS = 50;

	final Win32Pipes win32;

	final String name;

	final String path;

	final ReentrantLock lock = new ReentrantLock();

	private volatile boolean closed;

	private volatile long cancelEvent;

	private boolean released;

	WindowsPipeEnd(Win32Pipes win32, String name, String path) {
		this.win32 = win32;
		this.name = name;
		this.path = path;
	}

	@Override
	public final void open(Duration timeout) throws PipeException {
		this.lock.lock();
		try {
			requireNotClosed();
			if (this.cancelEvent != 0) {
				throw new IllegalStateException("Pipe '" + this.name + "' is already open");
			}
			this.cancelEvent = this.win32.createEvent();
			// close() sets closed before reading cancelEvent: one of us sees the other
			requireNotClosed();
			openEnd(System.nanoTime() + saturatedNanos(timeout), timeout);
		}
		catch (Win32Exception ex) {
			throw failure("cannot open " + this.path, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public final void close() {
		this.closed = true;
		long event = this.cancelEvent;
		if (event != 0) {
			this.win32.setEvent(event);
		}
		wakeBlockedCall();
		this.lock.lock();
		try {
			if (!this.released) {
				this.released = true;
				releaseEnd();
				if (this.cancelEvent != 0) {
					this.win32.closeHandle(this.cancelEvent);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Connects this end; called once, holding the lock, with the cancel event in place. */
	abstract void openEnd(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception;

	/** Cancels pending I/O, waits for the cancellations to complete, frees native state. */
	abstract void releaseEnd();

	/**
	 * Called by {@link #close()} from any thread, without the lock, after the cancel event was
	 * signalled: ends a blocked call that does not wait on that event.
	 */
	void wakeBlockedCall() {
	}

	final boolean isClosed() {
		return this.closed;
	}

	final void requireNotClosed() throws PipeClosedException {
		if (this.closed) {
			throw closedException();
		}
	}

	final PipeClosedException closedException() {
		return new PipeClosedException(this.name, "pipe end was closed");
	}

	/**
	 * Waits until one of {@code events} is signalled, the deadline passes or the end is closed.
	 * @return the index of the signalled event, or -1 when the deadline passed
	 * @throws PipeClosedException when closed before or during the wait
	 */
	final int awaitAny(long[] events, int count, long deadlineNanos) throws PipeException {
		long[] handles = new long[count + 1];
		handles[0] = this.cancelEvent;
		System.arraycopy(events, 0, handles, 1, count);
		while (true) {
			requireNotClosed();
			int millis = millisUntil(deadlineNanos);
			int result;
			try {
				result = this.win32.waitForMultipleObjects(handles, count + 1, millis);
			}
			catch (Win32Exception ex) {
				throw failure("cannot wait for I/O", ex);
			}
			if (result == WinBase.WAIT_OBJECT_0) {
				throw closedException();
			}
			if (result > WinBase.WAIT_OBJECT_0 && result <= count) {
				return result - 1;
			}
			if (result != WinError.WAIT_TIMEOUT) {
				throw new PipeException(this.name, "unexpected WaitForMultipleObjects result " + result);
			}
			if (millis != WinBase.INFINITE && deadlineNanos - System.nanoTime() <= 0) {
				return -1;
			}
		}
	}

	/** Waits on the cancel event alone: a pause that close() interrupts. */
	final void pause(long millis) throws PipeException {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		awaitAny(new long[0], 0, deadline);
	}

	/**
	 * Cancels {@code operation} if it is still in flight and waits for it to complete, so that
	 * its OVERLAPPED and buffer may be freed or reused.
	 * @return the operation's final code ({@code ERROR_OPERATION_ABORTED} when the cancel won)
	 */
	final int cancelAndAwait(long handle, Win32Pipes.Overlapped operation) {
		this.win32.cancelIoEx(handle, operation);
		return this.win32.getOverlappedResult(handle, operation, true);
	}

	final PipeException failure(String what, Win32Exception ex) {
		return new PipeException(this.name, what + ": " + ex.getMessage(), ex);
	}

	final PipeException failure(String what, int code) {
		return new PipeException(this.name, what + ": " + describe(code));
	}

	/** {@code Win32 error 6 (The handle is invalid.)}. */
	final String describe(int code) {
		String text = this.win32.errorText(code);
		return "Win32 error " + code + (text.isEmpty() ? "" : " (" + text + ")");
	}

	static long saturatedNanos(Duration timeout) {
		if (timeout.isNegative()) {
			return 0;
		}
		try {
			return timeout.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	static long deadlineAfter(long timeoutNanos) {
		return System.nanoTime() + Math.min(Math.max(timeoutNanos, 0), Long.MAX_VALUE / 2);
	}

	/** Milliseconds to the deadline, rounded up; {@code INFINITE} for a deadline beyond 24 days. */
	static int millisUntil(long deadlineNanos) {
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining <= 0) {
			return 0;
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(remaining + 999_999);
		return (millis >= Integer.MAX_VALUE) ? WinBase.INFINITE : (int) millis;
	}

}
