package io.github.xpipe.pipe;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one write end's senders and its sender thread. It is held for a few hundred
 * nanoseconds at a time, never during a system call, so {@link #lock()} first spins briefly for it:
 * parking a thread and waking it again costs microseconds and two system calls, many times what the
 * holder still needs. Only then does it queue and park as {@link ReentrantLock} does.
 */
final class BriefLock extends ReentrantLock {

	private static final long serialVersionUID = 1L;

	/** How often {@link #lock()} looks for the lock free (a CPU pause in between) before it parks. */
	static final int SPINS = 64;

	@Override
	public void lock() {
		if (tryLock()) {
			return;
		}
		for (int spins = 0; spins < SPINS; spins++) {
			Thread.onSpinWait();
			if (!isLocked() && tryLock()) {
				return;
			}
		}
		super.lock();
	}

}
