package io.github.xpipe.config;

import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.PipeDirection;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;

/**
 * Collects endpoints (from {@code @PipeListener} methods or registered programmatically), checks
 * them against the declared pipes, and registers their containers with the
 * {@link PipeListenerEndpointRegistry}. A listener on an undeclared or outbound pipe, or a
 * {@code @SendTo} an undeclared or inbound pipe, fails here, at startup.
 */
public class PipeListenerEndpointRegistrar {

	private final List<PipeListenerEndpoint> endpoints = new ArrayList<>();

	private @Nullable PipeListenerEndpointRegistry endpointRegistry;

	private @Nullable PipeListenerContainerFactory<?> containerFactory;

	private @Nullable PipeRegistry pipeRegistry;

	private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private @Nullable XPipeOperations replyTemplate;

	private boolean registered;

	public void setEndpointRegistry(PipeListenerEndpointRegistry endpointRegistry) {
		this.endpointRegistry = endpointRegistry;
	}

	public void setContainerFactory(PipeListenerContainerFactory<?> containerFactory) {
		this.containerFactory = containerFactory;
	}

	public void setPipeRegistry(PipeRegistry pipeRegistry) {
		this.pipeRegistry = pipeRegistry;
	}

	/** The factory that resolves the arguments of {@link MethodPipeListenerEndpoint}s. */
	public void setMessageHandlerMethodFactory(MessageHandlerMethodFactory messageHandlerMethodFactory) {
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	/** What sends the results of {@link MethodPipeListenerEndpoint}s with a reply pipe. */
	public void setReplyTemplate(@Nullable XPipeOperations replyTemplate) {
		this.replyTemplate = replyTemplate;
	}

	/** Adds an endpoint; once {@link #registerEndpoints()} ran, it is registered at once. */
	public void registerEndpoint(PipeListenerEndpoint endpoint) {
		synchronized (this.endpoints) {
			if (this.registered) {
				register(endpoint);
			}
			else {
				this.endpoints.add(endpoint);
			}
		}
	}

	/** The endpoints collected so far. */
	public List<PipeListenerEndpoint> getEndpoints() {
		synchronized (this.endpoints) {
			return List.copyOf(this.endpoints);
		}
	}

	/** Checks every collected endpoint and registers its container. */
	public void registerEndpoints() {
		synchronized (this.endpoints) {
			for (PipeListenerEndpoint endpoint : this.endpoints) {
				check(endpoint);
			}
			for (PipeListenerEndpoint endpoint : this.endpoints) {
				register(endpoint);
			}
			this.registered = true;
		}
	}

	private void register(PipeListenerEndpoint endpoint) {
		Assert.state(this.endpointRegistry != null, "No PipeListenerEndpointRegistry set");
		Assert.state(this.containerFactory != null, "No PipeListenerContainerFactory set");
		check(endpoint);
		if (endpoint instanceof MethodPipeListenerEndpoint methodEndpoint) {
			Assert.state(this.messageHandlerMethodFactory != null, "No MessageHandlerMethodFactory set");
			methodEndpoint.setMessageHandlerMethodFactory(this.messageHandlerMethodFactory);
			if (this.replyTemplate != null) {
				methodEndpoint.setReplyTemplate(this.replyTemplate);
			}
		}
		this.endpointRegistry.registerListenerContainer(endpoint, this.containerFactory);
	}

	private void check(PipeListenerEndpoint endpoint) {
		Assert.state(this.pipeRegistry != null, "No PipeRegistry set");
		ManagedPipe pipe = this.pipeRegistry.getPipe(endpoint.getPipe(), endpoint.getDescription());
		if (pipe.getDirection() != PipeDirection.INBOUND) {
			throw new PipeDirectionException(pipe.getName(), pipe.getDirection(), endpoint.getDescription());
		}
		for (String replyPipeName : endpoint.getReplyPipes()) {
			String replySource = "@SendTo of " + endpoint.getDescription();
			ManagedPipe replyPipe = this.pipeRegistry.getPipe(replyPipeName, replySource);
			if (replyPipe.getDirection() != PipeDirection.OUTBOUND) {
				throw new PipeDirectionException(replyPipe.getName(), replyPipe.getDirection(), replySource);
			}
		}
	}

}
