package io.github.xpipe.listener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The listener container: one thread reads the pipe, decodes frames and either invokes the
 * {@link MessageListener} itself (concurrency 1: in order) or hands the messages, through a small
 * bounded queue, to {@code concurrency} listener threads (in parallel, no ordering).
 *
 * <p>Bad input never stops it: a rejected frame and a listener exception each go to the
 * {@link PipeListenerErrorHandler} once, and the next message is delivered; a failed read reopens
 * the pipe after a backoff. Writers may come and go.
 *
 * <p>{@link #stop()} cancels a blocked read at once, then waits up to the shutdown timeout for the
 * messages already read to be handled; threads still busy after that are interrupted, the messages
 * still waiting are dropped, and how many were dropped is logged.
 */
public class DefaultPipeListenerContainer implements PipeListenerContainer {

	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private static final Message<byte[]> END_OF_INPUT = new GenericMessage<>(new byte[0]);

	private final ManagedPipe pipe;

	private final String listenerId;

	private final MessageListener messageListener;

	private final PipeListenerErrorHandler errorHandler;

	private final PipeContainerProperties properties;

	private final Object lifecycleMonitor = new Object();

	private final FrameListener frameListener = new FrameListener();

	private boolean autoStartup = true;

	private volatile boolean running;

	private volatile boolean abandoned;

	private final AtomicLong unhandled = new AtomicLong();

	private @Nullable ReadPipeEnd readEnd;

	private volatile @Nullable BlockingQueue<Message<byte[]>> queue;

	private CountDownLatch stopSignal = new CountDownLatch(0);

	private CountDownLatch terminated = new CountDownLatch(0);

	private List<Future<?>> tasks = List.of();

	public DefaultPipeListenerContainer(ManagedPipe pipe, String listenerId, MessageListener messageListener,
			PipeListenerErrorHandler errorHandler, PipeContainerProperties properties) {
		this.pipe = pipe;
		this.listenerId = listenerId;
		this.messageListener = messageListener;
		this.errorHandler = errorHandler;
		this.properties = properties;
	}

	@Override
	public String getListenerId() {
		return this.listenerId;
	}

	@Override
	public String getPipeName() {
		return this.pipe.getName();
	}

	public ManagedPipe getPipe() {
		return this.pipe;
	}

	public PipeContainerProperties getContainerProperties() {
		return this.properties;
	}

	public PipeListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			int concurrency = this.properties.getConcurrency();
			AsyncTaskExecutor executor = executor();
			this.running = true;
			this.abandoned = false;
			this.unhandled.set(0);
			this.stopSignal = new CountDownLatch(1);
			this.terminated = new CountDownLatch((concurrency > 1) ? concurrency + 1 : 1);
			this.queue = (concurrency > 1) ? new ArrayBlockingQueue<>(concurrency * 4) : null;
			List<Future<?>> started = new ArrayList<>();
			if (this.queue != null) {
				for (int i = 0; i < concurrency; i++) {
					started.add(executor.submit(this::dispatchLoop));
				}
			}
			started.add(executor.submit(this::readLoop));
			this.tasks = started;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Started listener '" + this.listenerId + "' on pipe '" + getPipeName() + "'");
		}
	}

	/**
	 * Stops reading at once and waits, at most the shutdown timeout, for the messages already read
	 * to be handled.
	 */
	@Override
	public void stop() {
		CountDownLatch done;
		List<Future<?>> running;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.stopSignal.countDown();
			if (this.readEnd != null) {
				this.readEnd.close();
			}
			done = this.terminated;
			running = this.tasks;
		}
		boolean finished;
		try {
			finished = done.await(this.properties.getShutdownTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished = false;
		}
		if (!finished) {
			this.abandoned = true;
			logger.warn("Listener '" + this.listenerId + "' on pipe '" + getPipeName() + "' did not finish within "
					+ this.properties.getShutdownTimeout().toMillis() + " ms (xpipe.listener.shutdown-timeout): "
					+ "interrupting it; messages already read and not yet handled are dropped and counted");
			running.forEach((task) -> task.cancel(true));
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Stopped listener '" + this.listenerId + "' on pipe '" + getPipeName() + "'");
		}
	}

	@Override
	public void stop(Runnable callback) {
		if (!isRunning()) {
			callback.run();
			return;
		}
		Thread stopper = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "xpipe-" + getPipeName() + "-stop");
		stopper.setDaemon(true);
		stopper.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private AsyncTaskExecutor executor() {
		AsyncTaskExecutor executor = this.properties.getTaskExecutor();
		return (executor != null) ? executor : new SimpleAsyncTaskExecutor("xpipe-" + getPipeName() + "-");
	}

	private void readLoop() {
		long backoffMillis = this.properties.getReconnectBackoff().toMillis();
		try {
			while (this.running) {
				ReadPipeEnd end = null;
				try {
					end = this.pipe.openReadEnd();
					if (!register(end)) {
						break;
					}
					backoffMillis = this.properties.getReconnectBackoff().toMillis();
					while (this.running) {
						end.receive(this.frameListener, this.properties.getPollTimeout());
					}
				}
				catch (PipeClosedException ex) {
					if (!this.running) {
						break;
					}
					backoffMillis = readFailed(ex, backoffMillis);
				}
				catch (IOException | RuntimeException ex) {
					if (!this.running) {
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
			endDispatch();
			this.terminated.countDown();
			reportUnhandled();
		}
	}

	private void reportUnhandled() {
		if (this.terminated.getCount() > 0) {
			return;
		}
		long count = this.unhandled.getAndSet(0);
		if (count > 0) {
			logger.warn("Listener '" + this.listenerId + "' on pipe '" + getPipeName() + "': " + count
					+ " messages already read were not handled because the stop timed out");
		}
	}

	private long readFailed(Exception ex, long backoffMillis) {
		logger.error("Listener '" + this.listenerId + "' could not read pipe '" + getPipeName() + "' ("
				+ this.pipe.getPath() + "): " + ex.getMessage() + "; reopening in " + backoffMillis + " ms", ex);
		try {
			this.stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
		return Math.min(backoffMillis * 2, this.properties.getMaxReconnectBackoff().toMillis());
	}

	private boolean register(ReadPipeEnd end) {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return false;
			}
			this.readEnd = end;
			return true;
		}
	}

	private void unregister(ReadPipeEnd end) {
		synchronized (this.lifecycleMonitor) {
			if (this.readEnd == end) {
				this.readEnd = null;
			}
		}
		end.close();
	}

	private void endDispatch() {
		BlockingQueue<Message<byte[]>> pending = this.queue;
		if (pending == null) {
			return;
		}
		try {
			for (int i = 0; i < this.properties.getConcurrency(); i++) {
				pending.put(END_OF_INPUT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void dispatchLoop() {
		BlockingQueue<Message<byte[]>> pending = this.queue;
		try {
			while (pending != null) {
				Message<byte[]> message = pending.take();
				if (message == END_OF_INPUT) {
					break;
				}
				if (this.abandoned) {
					this.unhandled.incrementAndGet();
					continue;
				}
				dispatch(message);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			if (pending != null) {
				List<Message<byte[]>> rest = new ArrayList<>();
				pending.drainTo(rest);
				this.unhandled.addAndGet(rest.stream().filter((message) -> message != END_OF_INPUT).count());
			}
		}
		finally {
			this.terminated.countDown();
			reportUnhandled();
		}
	}

	private void dispatch(Message<byte[]> message) {
		try {
			this.messageListener.onMessage(message);
		}
		catch (Exception ex) {
			handleError(new PipeListenerFailedException(getPipeName(), this.listenerId, message.getPayload().length, ex),
					message);
		}
	}

	private void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		for (PipeContainerListener listener : this.properties.getContainerListeners()) {
			listener.listenerFailed(exception);
		}
		try {
			this.errorHandler.handleError(exception, message);
		}
		catch (Exception ex) {
			logger.error("The error handler of listener '" + this.listenerId + "' on pipe '" + getPipeName()
					+ "' failed on: " + exception.getMessage(), ex);
		}
	}

	private Message<byte[]> toMessage(byte[] payload) {
		long now = System.currentTimeMillis();
		Map<String, Object> headers = new HashMap<>(8);
		headers.put(XPipeHeaders.PIPE, getPipeName());
		headers.put(XPipeHeaders.RECEIVED_TIMESTAMP, now);
		headers.put(XPipeHeaders.CHARSET, this.pipe.getDefinition().charset());
		return new GenericMessage<>(payload, new PipeMessageHeaders(headers, now));
	}

	@Override
	public String toString() {
		return "DefaultPipeListenerContainer[" + this.listenerId + " on " + getPipeName() + "]";
	}

	/** Receives what the read end decodes, on the reading thread. */
	private final class FrameListener implements PipeMessageListener {

		@Override
		public void onMessage(byte[] payload) {
			if (DefaultPipeListenerContainer.this.abandoned) {
				DefaultPipeListenerContainer.this.unhandled.incrementAndGet();
				return;
			}
			Message<byte[]> message = toMessage(payload);
			BlockingQueue<Message<byte[]>> pending = DefaultPipeListenerContainer.this.queue;
			if (pending == null) {
				dispatch(message);
				return;
			}
			try {
				pending.put(message);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				DefaultPipeListenerContainer.this.unhandled.incrementAndGet();
			}
		}

		@Override
		public void onError(FrameException error) {
			handleError(new PipeListenerFailedException(getPipeName(), DefaultPipeListenerContainer.this.listenerId,
					error.byteCount(), error), null);
		}

		@Override
		public void onWriterConnected(long connectionId) {
			for (PipeContainerListener listener : DefaultPipeListenerContainer.this.properties.getContainerListeners()) {
				listener.writerConnected(getPipeName(), connectionId);
			}
		}

		@Override
		public void onWriterDisconnected(long connectionId) {
			for (PipeContainerListener listener : DefaultPipeListenerContainer.this.properties.getContainerListeners()) {
				listener.writerDisconnected(getPipeName(), connectionId);
			}
		}

	}

}
