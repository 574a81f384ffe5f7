package io.github.xpipe.listener;

import io.github.xpipe.core.ManagedPipe;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>The container keeps the lifecycle; each start begins a {@code ContainerRun} of its own, whose
 * {@code PipeReader} reads the pipe and, through a {@code ListenerHandOff} when there are listener
 * threads, has a {@code ListenerInvoker} call the listener.
 */
public class DefaultPipeListenerContainer implements PipeListenerContainer {

	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private final ManagedPipe pipe;

	private final String pipeName;

	private final String listenerId;

	private final PipeListenerErrorHandler errorHandler;

	private final PipeContainerProperties properties;

	private final ContainerListenerNotifier notifier;

	private final ListenerInvoker invoker;

	private final Object lifecycleMonitor = new Object();

	private boolean autoStartup = true;

	private volatile @Nullable ContainerRun run;

	public DefaultPipeListenerContainer(ManagedPipe pipe, String listenerId, MessageListener messageListener,
			PipeListenerErrorHandler errorHandler, PipeContainerProperties properties) {
		this.pipe = pipe;
		this.pipeName = pipe.getName();
		this.listenerId = listenerId;
		this.errorHandler = errorHandler;
		this.properties = properties;
		this.notifier = new ContainerListenerNotifier(this.pipeName, listenerId, properties);
		this.invoker = new ListenerInvoker(pipe, listenerId, messageListener, errorHandler, properties, this.notifier);
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
			ContainerRun current = this.run;
			if (current != null && current.isActive()) {
				return;
			}
			this.run = new ContainerRun(this.pipe, this.listenerId, this.properties,
					ListenerThreads.of(this.pipeName, this.properties), this.invoker, this.notifier, this.lifecycleMonitor);
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
		ContainerRun stopping;
		synchronized (this.lifecycleMonitor) {
			stopping = this.run;
			if (stopping == null || !stopping.isActive()) {
				return;
			}
			stopping.deactivate();
		}
		boolean finished;
		try {
			finished = stopping.awaitTermination(this.properties.getShutdownTimeout());
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
		ContainerRun current = this.run;
		return current != null && current.isActive();
	}

	@Override
	public String toString() {
		return "DefaultPipeListenerContainer[" + this.listenerId + " on " + getPipeName() + "]";
	}

}
