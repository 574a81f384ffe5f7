package io.github.xpipe.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.listener.PipeListenerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the listener containers, by listener id: creates them from endpoints, starts those with
 * auto-startup when the context starts (late, in {@link PipeListenerContainer#DEFAULT_PHASE}),
 * stops them all, in parallel, when it stops, and lets an application start and stop each one.
 *
 * <pre>{@code
 * registry.stop("audit");   // stop reading pipe "audit-events"
 * registry.start("audit");
 * }</pre>
 */
public class PipeListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	private final Map<String, PipeListenerContainer> containers = new LinkedHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean running;

	/**
	 * Creates the container of an endpoint and registers it under the endpoint's id; starts it at
	 * once if this registry runs and the container auto-starts.
	 * @throws IllegalStateException when the id is taken, or the pipe already has a listener
	 */
	public PipeListenerContainer registerListenerContainer(PipeListenerEndpoint endpoint,
			PipeListenerContainerFactory<?> factory) {
		String id = endpoint.getId();
		PipeListenerContainer container;
		synchronized (this.monitor) {
			if (this.containers.containsKey(id)) {
				throw new IllegalStateException("Another listener already has the id '" + id + "' ("
						+ endpoint.getDescription() + "): give each @PipeListener a unique id");
			}
			for (PipeListenerContainer existing : this.containers.values()) {
				if (existing.getPipeName().equals(endpoint.getPipe())) {
					throw new IllegalStateException("Pipe '" + endpoint.getPipe() + "' already has listener '"
							+ existing.getListenerId() + "', so " + endpoint.getDescription()
							+ " cannot read it too: a pipe has one reader per application; use one listener "
							+ "(with concurrency for parallel handling) or another pipe");
				}
			}
			container = factory.createListenerContainer(endpoint);
			this.containers.put(id, container);
		}
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
		return container;
	}

	/** The container of the listener with this id, or {@code null}. */
	public @Nullable PipeListenerContainer getListenerContainer(String id) {
		synchronized (this.monitor) {
			return this.containers.get(id);
		}
	}

	/** The ids of all registered listeners. */
	public Set<String> getListenerContainerIds() {
		synchronized (this.monitor) {
			return Collections.unmodifiableSet(new LinkedHashSet<>(this.containers.keySet()));
		}
	}

	/** All registered containers. */
	public Collection<PipeListenerContainer> getListenerContainers() {
		synchronized (this.monitor) {
			return List.copyOf(this.containers.values());
		}
	}

	/**
	 * Starts the listener with this id (whatever its auto-startup).
	 * @throws IllegalArgumentException when no listener has this id
	 */
	public void start(String id) {
		requireContainer(id).start();
	}

	/**
	 * Stops the listener with this id, gracefully.
	 * @throws IllegalArgumentException when no listener has this id
	 */
	public void stop(String id) {
		requireContainer(id).stop();
	}

	/** Starts every container that auto-starts. */
	@Override
	public void start() {
		for (PipeListenerContainer container : getListenerContainers()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	/** Stops every container, in parallel, and returns when all have stopped. */
	@Override
	public void stop() {
		this.running = false;
		for (PipeListenerContainer container : getListenerContainers()) {
			container.stop();
		}
	}

	/** Stops every container, in parallel; the callback runs when the last one has stopped. */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<PipeListenerContainer> active = new ArrayList<>();
		for (PipeListenerContainer container : getListenerContainers()) {
			if (container.isRunning()) {
				active.add(container);
			}
		}
		if (active.isEmpty()) {
			callback.run();
			return;
		}
		AtomicInteger remaining = new AtomicInteger(active.size());
		for (PipeListenerContainer container : active) {
			container.stop(() -> {
				if (remaining.decrementAndGet() == 0) {
					callback.run();
				}
			});
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PipeListenerContainer.DEFAULT_PHASE;
	}

	@Override
	public void destroy() {
		stop();
	}

	private PipeListenerContainer requireContainer(String id) {
		PipeListenerContainer container = getListenerContainer(id);
		if (container == null) {
			throw new IllegalArgumentException("No listener with id '" + id + "'; listeners: " + getListenerContainerIds());
		}
		return container;
	}

}
