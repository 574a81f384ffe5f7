package io.github.xpipe.hardening;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.listener.PipeContainerListener;

/** Counts writer connections seen by the listener containers (on POSIX: from first writer to last). */
public class ConnectionCounter implements PipeContainerListener {

	private final AtomicInteger connected = new AtomicInteger();

	private final AtomicInteger disconnected = new AtomicInteger();

	@Override
	public void writerConnected(String pipeName, long connectionId) {
		this.connected.incrementAndGet();
	}

	@Override
	public void writerDisconnected(String pipeName, long connectionId) {
		this.disconnected.incrementAndGet();
	}

	/** Whether writers came and every one of them left, as the reader saw it. */
	boolean allWritersLeft() {
		int count = this.connected.get();
		return count > 0 && this.disconnected.get() == count;
	}

}
