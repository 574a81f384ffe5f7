package io.github.xpipe.core;

import java.time.Duration;
import java.util.List;

import io.github.xpipe.codec.FrameException;

/** Tells several {@link PipeActivityListener}s, in order. */
final class CompositePipeActivityListener implements PipeActivityListener {

	private final PipeActivityListener[] listeners;

	CompositePipeActivityListener(List<? extends PipeActivityListener> listeners) {
		this.listeners = listeners.toArray(new PipeActivityListener[0]);
	}

	@Override
	public void messageReceived(ManagedPipe pipe, int size) {
		for (PipeActivityListener listener : this.listeners) {
			listener.messageReceived(pipe, size);
		}
	}

	@Override
	public void listenerFailed(ManagedPipe pipe, String listenerId, Throwable error) {
		for (PipeActivityListener listener : this.listeners) {
			listener.listenerFailed(pipe, listenerId, error);
		}
	}

	@Override
	public void frameRejected(ManagedPipe pipe, String listenerId, FrameException error) {
		for (PipeActivityListener listener : this.listeners) {
			listener.frameRejected(pipe, listenerId, error);
		}
	}

	@Override
	public void readerOpened(ManagedPipe pipe, String listenerId) {
		for (PipeActivityListener listener : this.listeners) {
			listener.readerOpened(pipe, listenerId);
		}
	}

	@Override
	public void readFailed(ManagedPipe pipe, String listenerId, Exception error) {
		for (PipeActivityListener listener : this.listeners) {
			listener.readFailed(pipe, listenerId, error);
		}
	}

	@Override
	public void writerConnected(ManagedPipe pipe, String listenerId, long connectionId) {
		for (PipeActivityListener listener : this.listeners) {
			listener.writerConnected(pipe, listenerId, connectionId);
		}
	}

	@Override
	public void writerDisconnected(ManagedPipe pipe, String listenerId, long connectionId) {
		for (PipeActivityListener listener : this.listeners) {
			listener.writerDisconnected(pipe, listenerId, connectionId);
		}
	}

	@Override
	public void listenerIdle(ManagedPipe pipe, String listenerId, Duration idleTime) {
		for (PipeActivityListener listener : this.listeners) {
			listener.listenerIdle(pipe, listenerId, idleTime);
		}
	}

	@Override
	public void messageSent(ManagedPipe pipe, int size) {
		for (PipeActivityListener listener : this.listeners) {
			listener.messageSent(pipe, size);
		}
	}

	@Override
	public void sendFailed(ManagedPipe pipe, int size, Exception error) {
		for (PipeActivityListener listener : this.listeners) {
			listener.sendFailed(pipe, size, error);
		}
	}

}
