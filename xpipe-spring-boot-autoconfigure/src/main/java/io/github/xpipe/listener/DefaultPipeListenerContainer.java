package io.github.xpipe.listener;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.support.micrometer.DefaultPipeListenerObservationConvention;
import io.github.xpipe.support.micrometer.PipeListenerObservationContext;
import io.github.xpipe.support.micrometer.XPipeObservation;
import io.micrometer.observation.ObservationRegistry;
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
 * <p>With {@link PipeContainerProperties#isVirtualThreads() virtual threads} (and no task executor
 * set) the reading thread stays a platform thread, since it blocks in native reads, which would pin
 * a virtual thread's carrier; the listener runs on virtual threads it hands every message to, one
 * in order at concurrency 1.
 *
 * <p>Bad input never stops it: a rejected frame and a listener exception each go to the
 * {@link PipeListenerErrorHandler} once, and the next message is delivered; a failed read reopens
 * the pipe after a backoff. Writers may come and go.
 *
 * <p>Each message handled is observed ({@code xpipe.listener}) when the container properties hold
 * an {@link ObservationRegistry}; without one no observation object is created.
 *
 * <p>{@link #stop()} cancels a blocked read at once, then waits up to the shutdown timeout for the
 * messages already read to be handled; threads still busy after that are interrupted, the messages
 * still waiting are dropped, and how many were dropped is logged.
 */
public class DefaultPipeListenerContainer implements PipeListenerContainer {

	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private static final Message<byte[]> END_OF_INPUT = new GenericMessage<>(new byte[0]);

	private final ManagedPipe pipe;

	private final String pipeName;

	private final Charset charset;

	private final String listenerId;

	private final MessageListener messageListener;

	private final PipeListenerErrorHandler errorHandler;

	private final PipeContainerProperties properties;

	private final Object lifecycleMonitor = new Object();

	private boolean autoStartup = true;

	private volatile @Nullable Run run;

	public DefaultPipeListenerContainer(ManagedPipe pipe, String listenerId, MessageListener messageListener,
			PipeListenerErrorHandler errorHandler, PipeContainerProperties properties) {
		this.pipe = pipe;
		this.pipeName = pipe.getName();
		this.charset = pipe.getDefinition().charset();
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
		return this.pipeName;
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
			Run current = this.run;
			if (current != null && current.active) {
				return;
			}
			this.run = newRun();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Started listener '" + this.listenerId + "' on pipe '" + getPipeName() + "'");
		}
	}

	/**
	 * Stops reading at once, or after the frame in progress when one is partly read, and waits, at
	 * most the shutdown timeout, for the messages already read to be handled.
	 */
	@Override
	public void stop() {
		Run stopping;
		synchronized (this.lifecycleMonitor) {
			stopping = this.run;
			if (stopping == null || !stopping.active) {
				return;
			}
			stopping.deactivate();
		}
		boolean finished;
		try {
			finished = stopping.terminated.await(this.properties.getShutdownTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished = false;
		}
		if (!finished) {
			logger.warn("Listener '" + this.listenerId + "' on pipe '" + getPipeName() + "' did not finish within "
					+ this.properties.getShutdownTimeout().toMillis() + " ms (xpipe.listener.shutdown-timeout): "
					+ "interrupting it; messages already read and not yet handled are dropped and counted");
			stopping.abandon();
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
		Run current = this.run;
		return current != null && current.active;
	}

	/**
	 * A run on the task executor if set; else on new platform threads {@code xpipe-<pipe>-<n>}, the
	 * listener on new virtual threads {@code xpipe-<pipe>-listener-<n>} when virtual threads are on.
	 */
	private Run newRun() {
		int concurrency = this.properties.getConcurrency();
		AsyncTaskExecutor executor = this.properties.getTaskExecutor();
		if (executor != null) {
			return new Run(concurrency, executor, executor);
		}
		String prefix = "xpipe-" + getPipeName() + "-";
		SimpleAsyncTaskExecutor platformThreads = new SimpleAsyncTaskExecutor(prefix);
		if (!this.properties.isVirtualThreads()) {
			return new Run(concurrency, platformThreads, platformThreads);
		}
		SimpleAsyncTaskExecutor virtualThreads = new SimpleAsyncTaskExecutor(prefix + "listener-");
		virtualThreads.setVirtualThreads(true);
		return new Run(concurrency, platformThreads, virtualThreads);
	}

	private void dispatch(Message<byte[]> message) {
		ObservationRegistry observationRegistry = this.properties.getObservationRegistry();
		try {
			if (observationRegistry.isNoop()) {
				this.messageListener.onMessage(message);
			}
			else {
				observe(message, observationRegistry);
			}
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError fatal && !(ex instanceof StackOverflowError)) {
				throw fatal;
			}
			handleError(new PipeListenerFailedException(getPipeName(), this.listenerId, message.getPayload().length, ex),
					message);
		}
	}

	private void observe(Message<byte[]> message, ObservationRegistry observationRegistry) throws Exception {
		PipeListenerObservationContext context = new PipeListenerObservationContext(message, getPipeName(),
				this.pipe.getDefinition().codec().framing().id(), this.listenerId);
		XPipeObservation.LISTENER_OBSERVATION
			.observation(this.properties.getObservationConvention(), DefaultPipeListenerObservationConvention.INSTANCE,
					() -> context, observationRegistry)
			.observeChecked(() -> this.messageListener.onMessage(message));
	}

	private void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		notifyContainerListeners((listener) -> listener.listenerFailed(exception));
		try {
			this.errorHandler.handleError(exception, message);
		}
		catch (Exception ex) {
			logger.error("The error handler of listener '" + this.listenerId + "' on pipe '" + getPipeName()
					+ "' failed on: " + exception.getMessage(), ex);
		}
	}

	private void notifyContainerListeners(Consumer<PipeContainerListener> notification) {
		for (PipeContainerListener listener : this.properties.getContainerListeners()) {
			try {
				notification.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Container listener " + listener + " of listener '" + this.listenerId + "' failed", ex);
			}
		}
	}

	/** Tells the container listeners of a message: no allocation, as it happens for every message. */
	private void notifyMessageReceived(int size) {
		List<PipeContainerListener> listeners = this.properties.getContainerListeners();
		for (int i = 0; i < listeners.size(); i++) {
			try {
				listeners.get(i).messageReceived(getPipeName(), size);
			}
			catch (RuntimeException ex) {
				logger.warn("Container listener " + listeners.get(i) + " of listener '" + this.listenerId + "' failed",
						ex);
			}
		}
	}

	/** The message of a decoded payload: its headers are built only if something asks for them. */
	private Message<byte[]> toMessage(byte[] payload, long receivedTimestamp) {
		return new ReceivedPipeMessage(payload, this.pipeName, this.charset, receivedTimestamp);
	}

	@Override
	public String toString() {
		return "DefaultPipeListenerContainer[" + this.listenerId + " on " + getPipeName() + "]";
	}

	/**
	 * One run of the container, from a start to the end of its threads: a restart after a stop that
	 * timed out never shares state with threads of the previous run that are still winding down.
	 */
	private final class Run implements PipeMessageListener {

		private final int concurrency;

		private final @Nullable BlockingQueue<Message<byte[]>> queue;

		private final CountDownLatch stopSignal = new CountDownLatch(1);

		private final CountDownLatch terminated;

		private final AtomicLong unhandled = new AtomicLong();

		private final List<Future<?>> tasks = new ArrayList<>();

		volatile boolean active = true;

		private volatile boolean abandoned;

		private @Nullable ReadPipeEnd readEnd;

		/** Whether the reading thread holds part of a frame; guarded by the lifecycle monitor. */
		private boolean midFrame;

		private long stopDeadline;

		/** Whether the current read delivered something, i.e. the reading thread is decoding, not waiting. */
		private volatile boolean busy;

		/**
		 * Starts the reading thread on {@code readerExecutor} and, when the concurrency is above 1 or
		 * the listener has an executor of its own, {@code concurrency} listener threads on
		 * {@code listenerExecutor}, fed through a bounded queue.
		 */
		Run(int concurrency, AsyncTaskExecutor readerExecutor, AsyncTaskExecutor listenerExecutor) {
			boolean handOff = concurrency > 1 || listenerExecutor != readerExecutor;
			this.concurrency = concurrency;
			this.queue = handOff ? new ArrayBlockingQueue<>(concurrency * 4) : null;
			this.terminated = new CountDownLatch(handOff ? concurrency + 1 : 1);
			if (this.queue != null) {
				for (int i = 0; i < concurrency; i++) {
					this.tasks.add(listenerExecutor.submit(this::dispatchLoop));
				}
			}
			this.tasks.add(readerExecutor.submit(this::readLoop));
		}

		/**
		 * Stops reading: cancels a blocked read, unless the reading thread is decoding or holds part of
		 * a frame (it then stops itself on a frame boundary, see {@link #continueReading}), and wakes
		 * a reconnect backoff.
		 * Called holding the lifecycle monitor.
		 */
		void deactivate() {
			this.active = false;
			this.stopSignal.countDown();
			this.stopDeadline = System.nanoTime() + DefaultPipeListenerContainer.this.properties.getShutdownTimeout().toNanos();
			if (this.readEnd != null && !this.midFrame && !this.busy) {
				this.readEnd.close();
			}
		}

		/** Gives up on what is left: interrupts the threads; messages not yet handled are dropped and counted. */
		void abandon() {
			this.abandoned = true;
			this.tasks.forEach((task) -> task.cancel(true));
		}

		private void readLoop() {
			PipeContainerProperties properties = DefaultPipeListenerContainer.this.properties;
			long backoffMillis = properties.getReconnectBackoff().toMillis();
			try {
				while (this.active) {
					ReadPipeEnd end = null;
					try {
						end = DefaultPipeListenerContainer.this.pipe.openReadEnd();
						if (!register(end)) {
							break;
						}
						notifyContainerListeners((listener) -> listener.readerOpened(getPipeName(), getListenerId()));
						backoffMillis = properties.getReconnectBackoff().toMillis();
						do {
							this.busy = false;
							int messageCount = end.receive(this, properties.getPollTimeout());
							if (!properties.getContainerListeners().isEmpty()) {
								notifyContainerListeners((listener) -> listener.afterRead(getPipeName(), messageCount));
							}
						}
						while (continueReading(end));
					}
					catch (IOException | RuntimeException ex) {
						if (!this.active) {
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
				terminate();
			}
		}

		/**
		 * After a read: goes on while active and, once stopped, until the frame in progress is
		 * complete (within the shutdown timeout). Closing in the middle of a frame would lose it and
		 * leave its rest in the pipe, where the next reader would start decoding mid-frame.
		 */
		private boolean continueReading(ReadPipeEnd end) {
			synchronized (DefaultPipeListenerContainer.this.lifecycleMonitor) {
				this.midFrame = !end.isBetweenFrames();
				if (this.active) {
					return true;
				}
				return this.midFrame && System.nanoTime() - this.stopDeadline < 0;
			}
		}

		private long readFailed(Exception ex, long backoffMillis) {
			notifyContainerListeners((listener) -> listener.readFailed(getPipeName(), getListenerId(), ex));
			String path = DefaultPipeListenerContainer.this.pipe.getPath();
			if (ex instanceof PipeNotFoundException) {
				logger.warn("Listener '" + DefaultPipeListenerContainer.this.listenerId + "': pipe '" + getPipeName()
						+ "' does not exist at " + path + "; waiting for the process that owns it, retrying in "
						+ backoffMillis + " ms");
			}
			else {
				logger.error("Listener '" + DefaultPipeListenerContainer.this.listenerId + "' could not read pipe '"
						+ getPipeName() + "' (" + path + "): " + ex.getMessage() + "; reopening in " + backoffMillis
						+ " ms", ex);
			}
			try {
				this.stopSignal.await(backoffMillis, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				this.active = false;
			}
			return Math.min(backoffMillis * 2, DefaultPipeListenerContainer.this.properties.getMaxReconnectBackoff().toMillis());
		}

		private boolean register(ReadPipeEnd end) {
			synchronized (DefaultPipeListenerContainer.this.lifecycleMonitor) {
				if (!this.active) {
					return false;
				}
				this.readEnd = end;
				return true;
			}
		}

		private void unregister(ReadPipeEnd end) {
			synchronized (DefaultPipeListenerContainer.this.lifecycleMonitor) {
				if (this.readEnd == end) {
					this.readEnd = null;
				}
			}
			end.close();
		}

		private void endDispatch() {
			if (this.queue == null) {
				return;
			}
			try {
				for (int i = 0; i < this.concurrency; i++) {
					this.queue.put(END_OF_INPUT);
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
				terminate();
			}
		}

		/** Counts down; the last thread of the run reports messages dropped by an abandoned stop. */
		private void terminate() {
			this.terminated.countDown();
			if (this.terminated.getCount() > 0) {
				return;
			}
			long count = this.unhandled.getAndSet(0);
			if (count > 0) {
				logger.warn("Listener '" + DefaultPipeListenerContainer.this.listenerId + "' on pipe '" + getPipeName()
						+ "': " + count + " messages already read were not handled because the stop timed out");
			}
		}

		/** When the current read returned its data: the received timestamp of every message it carried. */
		private long readTimestamp;

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

		@Override
		public void onMessage(byte[] payload) {
			markBusy();
			notifyMessageReceived(payload.length);
			if (this.abandoned) {
				this.unhandled.incrementAndGet();
				return;
			}
			Message<byte[]> message = toMessage(payload, this.readTimestamp);
			if (this.queue == null) {
				dispatch(message);
				return;
			}
			try {
				this.queue.put(message);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.unhandled.incrementAndGet();
			}
		}

		@Override
		public void onError(FrameException error) {
			markBusy();
			handleError(new PipeListenerFailedException(getPipeName(), DefaultPipeListenerContainer.this.listenerId,
					error.byteCount(), error), null);
		}

		@Override
		public void onWriterConnected(long connectionId) {
			notifyContainerListeners((listener) -> listener.writerConnected(getPipeName(), connectionId));
		}

		@Override
		public void onWriterDisconnected(long connectionId) {
			notifyContainerListeners((listener) -> listener.writerDisconnected(getPipeName(), connectionId));
		}

	}

}
