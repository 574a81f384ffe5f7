package io.github.xpipe.test.context;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.test.PipeTestClient;

import org.springframework.context.SmartLifecycle;

/**
 * Connects the test client right after the application's pipes are created ({@link
 * ManagedPipe#PHASE} + 1), so the application's first message already finds a reader, and
 * disconnects it before they are removed, also when a paused test context stops.
 */
final class PipeTestClientLifecycle implements SmartLifecycle {

	private final PipeTestClient client;

	private volatile boolean running;

	PipeTestClientLifecycle(PipeTestClient client) {
		this.client = client;
	}

	@Override
	public void start() {
		this.client.connect();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.client.disconnect();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return ManagedPipe.PHASE + 1;
	}

}
