package io.github.xpipe.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.DefaultPipeListenerContainer;
import io.github.xpipe.listener.LoggingPipeListenerErrorHandler;
import io.github.xpipe.listener.MessageListener;
import io.github.xpipe.listener.PipeContainerProperties;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.support.micrometer.PipeListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * Creates {@link DefaultPipeListenerContainer}s on the pipes of a {@link PipeRegistry}, with
 * defaults that each endpoint may override (concurrency, auto-startup, error handler).
 */
public class DefaultPipeListenerContainerFactory implements PipeListenerContainerFactory<DefaultPipeListenerContainer> {

	private final PipeRegistry pipes;

	private PipeListenerErrorHandler errorHandler = new LoggingPipeListenerErrorHandler();

	private int concurrency = 1;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = PipeContainerProperties.DEFAULT_SHUTDOWN_TIMEOUT;

	private Duration pollTimeout = PipeContainerProperties.DEFAULT_POLL_TIMEOUT;

	private @Nullable AsyncTaskExecutor taskExecutor;

	private UnaryOperator<MessageListener> listenerDecorator = UnaryOperator.identity();

	private final List<PipeContainerListener> containerListeners = new ArrayList<>();

	private boolean virtualThreads;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable PipeListenerObservationConvention observationConvention;

	public DefaultPipeListenerContainerFactory(PipeRegistry pipes) {
		this.pipes = pipes;
	}

	/** The error handler of endpoints that name none. Default: {@link LoggingPipeListenerErrorHandler}. */
	public void setErrorHandler(PipeListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/** The concurrency of endpoints that set none. Default 1. */
	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
	}

	/** Whether containers of endpoints that do not say start with the context. Default true. */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/** The longest a container's stop waits for messages already read. Default 10 s. */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/** The longest one read waits before the reading loop checks its state. Default 1 s. */
	public void setPollTimeout(Duration pollTimeout) {
		this.pollTimeout = pollTimeout;
	}

	/** The executor of the containers' threads; default: new threads named after the pipe. */
	public void setTaskExecutor(@Nullable AsyncTaskExecutor taskExecutor) {
		this.taskExecutor = taskExecutor;
	}

	/**
	 * Wraps each endpoint's listener, e.g. to observe or time every message. Applied once per
	 * container, when it is created.
	 */
	public void setListenerDecorator(UnaryOperator<MessageListener> listenerDecorator) {
		this.listenerDecorator = listenerDecorator;
	}

	/** Adds an observer of every container this factory creates from now on. */
	public void addContainerListener(PipeContainerListener containerListener) {
		this.containerListeners.add(containerListener);
	}

	/**
	 * Whether containers run their listeners on virtual threads when no task executor is set (Java
	 * 21 or later); their reading threads, which block in native reads, stay platform threads.
	 * Default false: platform threads only. Either way thread names start with {@code xpipe-<pipe>-}.
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/** Where containers observe each message they handle ({@code xpipe.listener}). Default: nowhere. */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/** A convention replacing the default one of the {@code xpipe.listener} observation. */
	public void setObservationConvention(@Nullable PipeListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	@Override
	public DefaultPipeListenerContainer createListenerContainer(PipeListenerEndpoint endpoint) {
		ManagedPipe pipe = this.pipes.getPipe(endpoint.getPipe(), endpoint.getDescription());
		if (pipe.getDirection() != PipeDirection.INBOUND) {
			throw new PipeDirectionException(pipe.getName(), pipe.getDirection(), endpoint.getDescription());
		}
		PipeContainerProperties properties = new PipeContainerProperties();
		Integer endpointConcurrency = endpoint.getConcurrency();
		properties.setConcurrency((endpointConcurrency != null) ? endpointConcurrency : this.concurrency);
		properties.setShutdownTimeout(this.shutdownTimeout);
		properties.setPollTimeout(this.pollTimeout);
		properties.setTaskExecutor(this.taskExecutor);
		properties.setContainerListeners(this.containerListeners);
		properties.setVirtualThreads(this.virtualThreads);
		properties.setObservationRegistry(this.observationRegistry);
		properties.setObservationConvention(this.observationConvention);
		PipeListenerErrorHandler endpointErrorHandler = endpoint.getErrorHandler();
		DefaultPipeListenerContainer container = new DefaultPipeListenerContainer(pipe, endpoint.getId(),
				this.listenerDecorator.apply(endpoint.createMessageListener()),
				(endpointErrorHandler != null) ? endpointErrorHandler : this.errorHandler, properties);
		Boolean endpointAutoStartup = endpoint.getAutoStartup();
		container.setAutoStartup((endpointAutoStartup != null) ? endpointAutoStartup : this.autoStartup);
		return container;
	}

}
