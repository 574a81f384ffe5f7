package io.github.xpipe.listener;

import java.io.IOException;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.SendBatch;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.ReadPipeEnd;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The reading thread of one run of a listener container: opens the pipe, receives decoded frames
 * and either invokes the listener itself (its replies leaving together after each read) or hands
 * the messages off to the listener threads. A
 * failed read reopens the pipe after a backoff that doubles up to the maximum; a stop cancels a
 * blocked read at once, but lets a frame in progress complete within the shutdown timeout.
 */
final class PipeReader implements PipeMessageListener {

	/** The container's logger: what is logged here is logged as the container's. */
	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private final ContainerRun run;

	private final ManagedPipe pipe;

	private final String pipeName;

	private final String listenerId;

	private final PipeContainerProperties properties;

	private final @Nullable ListenerHandOff handOff;

	private final ListenerInvoker invoker;

	private final ContainerListenerNotifier notifier;

	/** The open read end; guarded by the lifecycle monitor. */
	private @Nullable ReadPipeEnd readEnd;

	/** Whether the reading thread holds part of a frame; guarded by the lifecycle monitor. */
	private boolean midFrame;

	/** Whether the current read delivered something, i.e. the reading thread is decoding, not waiting. */
	private volatile boolean busy;

	/** When the current read returned its data: the received timestamp of every message it carried. */
	private long readTimestamp;

	PipeReader(ContainerRun run, ManagedPipe pipe, String listenerId, PipeContainerProperties properties,
			@Nullable ListenerHandOff handOff, ListenerInvoker invoker, ContainerListenerNotifier notifier) {
		this.run = run;
		this.pipe = pipe;
		this.pipeName = pipe.getName();
		this.listenerId = listenerId;
		this.properties = properties;
		this.handOff = handOff;
		this.invoker = invoker;
		this.notifier = notifier;
	}

	/** The work of the reading thread, until the run stops; then it ends the hand-off and terminates. */
	void readLoop() {
		long backoffMillis = this.properties.getReconnectBackoff().toMillis();
		try {
			while (this.run.isActive()) {
				ReadPipeEnd end = null;
				try {
					end = this.pipe.openReadEnd();
					if (!register(end)) {
						break;
					}
					this.notifier.notify((listener) -> listener.readerOpened(this.pipeName, this.listenerId));
					backoffMillis = this.properties.getReconnectBackoff().toMillis();
					do {
						this.busy = false;
						int messageCount = receive(end);
						if (!this.notifier.isEmpty()) {
							this.notifier.notify((listener) -> listener.afterRead(this.pipeName, messageCount));
						}
					}
					while (continueReading(end));
				}
				catch (IOException | RuntimeException ex) {
					if (!this.run.isActive()) {
						break;
					}
					backoffMillis = readFailed(ex, backoffMillis);
				}
				finally {
					if (end != null) {
						unregister(end);
					}
				}
			}
		}
		finally {
			if (this.handOff != null) {
				this.handOff.endOfInput();
			}
			this.run.terminate();
		}
	}

	/**
	 * Closes the read end to cancel a blocked read, unless the reading thread is decoding or holds
	 * part of a frame (it then stops itself on a frame boundary, see {@link #continueReading}).
	 * Called holding the lifecycle monitor.
	 */
	void cancelBlockedRead() {
		if (this.readEnd != null && !this.midFrame && !this.busy) {
			this.readEnd.close();
		}
	}

	/**
	 * After a read: goes on while active and, once stopped, until the frame in progress is
	 * complete (within the shutdown timeout). Closing in the middle of a frame would lose it and
	 * leave its rest in the pipe, where the next reader would start decoding mid-frame.
	 */
	private boolean continueReading(ReadPipeEnd end) {
		synchronized (this.run.lifecycleMonitor()) {
			this.midFrame = !end.isBetweenFrames();
			if (this.run.isActive()) {
				return true;
			}
			return this.midFrame && this.run.isBeforeStopDeadline();
		}
	}

	private long readFailed(Exception ex, long backoffMillis) {
		this.notifier.notify((listener) -> listener.readFailed(this.pipeName, this.listenerId, ex));
		String path = this.pipe.getPath();
		if (ex instanceof PipeNotFoundException) {
			logger.warn("Listener '" + this.listenerId + "': pipe '" + this.pipeName + "' does not exist at " + path
					+ "; waiting for the process that owns it, retrying in " + backoffMillis + " ms");
		}
		else {
			logger.error("Listener '" + this.listenerId + "' could not read pipe '" + this.pipeName + "' (" + path + "): "
					+ ex.getMessage() + "; reopening in " + backoffMillis + " ms", ex);
		}
		try {
			this.run.awaitBackoff(backoffMillis);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			this.run.markInactive();
		}
		return Math.min(backoffMillis * 2, this.properties.getMaxReconnectBackoff().toMillis());
	}

	private boolean register(ReadPipeEnd end) {
		synchronized (this.run.lifecycleMonitor()) {
			if (!this.run.isActive()) {
				return false;
			}
			this.readEnd = end;
			return true;
		}
	}

	private void unregister(ReadPipeEnd end) {
		synchronized (this.run.lifecycleMonitor()) {
			if (this.readEnd == end) {
				this.readEnd = null;
			}
		}
		end.close();
	}

	/**
	 * Marks the current read as delivering, and notes when its data arrived. Only the reading
	 * thread writes the flag, so writing it once per read instead of once per message leaves the
	 * same value, without a volatile store (a full fence) and a clock read for every message.
	 */
	private void markBusy() {
		if (!this.busy) {
			this.readTimestamp = System.currentTimeMillis();
			this.busy = true;
		}
	}

	/**
	 * Delivers what one read returns. When the listener runs on this thread, the direct sends it
	 * makes meanwhile (its replies) are buffered and leave together once the read's last message was
	 * handled, before the next read (see {@link SendBatch}).
	 */
	private int receive(ReadPipeEnd end) throws IOException {
		try {
			if (this.handOff != null) {
				return end.receive(this, this.properties.getPollTimeout());
			}
			try (SendBatch replies = SendBatch.open()) {
				return end.receive(this, this.properties.getPollTimeout());
			}
		}
		finally {
			this.notifier.readFinished();
		}
	}

	@Override
	public void onMessage(byte[] payload) {
		markBusy();
		this.notifier.messageReceived(payload.length);
		if (this.run.isAbandoned()) {
			this.run.countUnhandled(1);
			return;
		}
		if (this.handOff == null) {
			this.invoker.dispatch(payload, this.readTimestamp);
		}
		else {
			this.handOff.put(this.invoker.message(payload, this.readTimestamp));
		}
	}

	@Override
	public void onError(FrameException error) {
		markBusy();
		this.invoker.handleError(
				new PipeListenerFailedException(this.pipeName, this.listenerId, error.byteCount(), error), null);
	}

	@Override
	public void onWriterConnected(long connectionId) {
		this.notifier.notify((listener) -> listener.writerConnected(this.pipeName, connectionId));
	}

	@Override
	public void onWriterDisconnected(long connectionId) {
		this.notifier.notify((listener) -> listener.writerDisconnected(this.pipeName, connectionId));
	}

}
