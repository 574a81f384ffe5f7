package io.github.xpipe.pipe;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The platform thread of one write end that writes what is queued: frames
 * {@linkplain WritePipeEnd#enqueue enqueued} or {@linkplain WritePipeEnd#writeAsync sent
 * asynchronously}, and the frames of senders on virtual threads, which must not block in native
 * writes themselves. Started by the first frame that needs it, a daemon, named
 * {@code xpipe-sender-<pipe>}; it ends when its end is closed.
 *
 * <p>When nothing waits it first spins a few microseconds for the next frames (a stream keeps
 * coming), and only then parks, to be woken by the next frame.
 */
final class QueuedSender {

	/** How often the idle sender thread looks for frames (a CPU pause in between) before it yields and parks. */
	private static final int SPINS = 200;

	/** How often it then yields its CPU and looks once more before it parks. */
	private static final int YIELDS = 4;

	private final CoalescingWriter writer;

	private final ReentrantLock lock;

	/** Signalled when frames wait and the thread is idle, or on close. */
	private final Condition work;

	private final String threadName;

	private @Nullable Thread thread;

	/** Whether the thread waits on {@link #work}. */
	private boolean idle;

	QueuedSender(CoalescingWriter writer, ReentrantLock lock, String threadName) {
		this.writer = writer;
		this.lock = lock;
		this.work = lock.newCondition();
		this.threadName = threadName;
	}

	/** Whether the thread was started. Lock held. */
	boolean isStarted() {
		return this.thread != null;
	}

	/** Lets the thread write what waits, starting it the first time. Lock held. */
	void wake() {
		Thread current = this.thread;
		if (current == null) {
			current = new Thread(this::run, this.threadName);
			current.setDaemon(true);
			this.thread = current;
			current.start();
		}
		else if (this.idle) {
			this.work.signal();
		}
	}

	/** After a write ended: wakes the idle thread when frames wait for it. Lock held. */
	void wakeIfIdle() {
		if (this.idle && this.writer.hasWork()) {
			this.work.signal();
		}
	}

	/** Lets the thread see that its end was closed. Lock held. */
	void closed() {
		this.work.signalAll();
	}

	private void run() {
		this.lock.lock();
		try {
			while (true) {
				boolean spin = true;
				while (!this.writer.isClosed() && !this.writer.hasWork()) {
					if (spin) {
						spin = false;
						spinForFrames();
						continue;
					}
					this.idle = true;
					this.work.awaitUninterruptibly();
					this.idle = false;
				}
				if (this.writer.isClosed()) {
					return;
				}
				try {
					this.writer.writeWaiting();
				}
				catch (IOException ex) {
					// the writer gave the failure to the senders whose frames the write carried
				}
			}
		}
		finally {
			this.idle = false;
			this.lock.unlock();
		}
	}

	/** Releases the lock while watching for a new frame for a short while; returns with it held. */
	private void spinForFrames() {
		long seen = this.writer.framesAdded();
		this.lock.unlock();
		try {
			for (int spins = 0; spins < SPINS + YIELDS && this.writer.framesAdded() == seen; spins++) {
				if (spins < SPINS) {
					Thread.onSpinWait();
				}
				else {
					Thread.yield();
				}
			}
		}
		finally {
			this.lock.lock();
		}
	}

}
