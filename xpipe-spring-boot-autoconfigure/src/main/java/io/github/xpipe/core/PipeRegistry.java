package io.github.xpipe.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The pipes of the application, looked up by their name: those declared under
 * {@code xpipe.pipes}, and those {@linkplain #provision provisioned} at run time (by a binder or
 * channel adapter, say), which are created, secured and removed exactly as declared ones are.
 *
 * <p>A provisioned pipe is a {@link ManagedPipe} of the declared pipes' {@link PipeBackend}, started
 * when it is provisioned. The registry stops the pipes it provisioned when it stops (in the
 * {@linkplain ManagedPipe#PHASE phase of pipes}, after the listener containers), starts them again
 * if it is started again, and forgets them when it is destroyed; each removes only the OS pipe it
 * created. Declared pipes are beans of their own and left to the application context.
 *
 * <p>Thread-safe: lookups read an immutable snapshot, provisioning is serialised.
 */
public class PipeRegistry implements SmartLifecycle, DisposableBean {

	private final Map<String, ManagedPipe> declared;

	private final PipeBackend backend;

	private final Object monitor = new Object();

	/** The pipes provisioned at run time, in provisioning order; guarded by {@link #monitor}. */
	private final Map<String, ManagedPipe> provisioned = new LinkedHashMap<>();

	/** Declared then provisioned pipes: replaced, never changed, so lookups need no lock. */
	private volatile Map<String, ManagedPipe> pipes;

	private volatile boolean running;

	private boolean destroyed;

	/** The declared pipes; pipes provisioned later use the backend of the running operating system. */
	public PipeRegistry(Collection<ManagedPipe> pipes) {
		this(pipes, PipeBackends.current());
	}

	/**
	 * The declared pipes, and the backend of the pipes provisioned later: the declared pipes' own.
	 * @throws IllegalStateException when two pipes have the same name
	 */
	public PipeRegistry(Collection<ManagedPipe> pipes, PipeBackend backend) {
		Map<String, ManagedPipe> byName = new LinkedHashMap<>();
		for (ManagedPipe pipe : pipes) {
			ManagedPipe previous = byName.putIfAbsent(pipe.getName(), pipe);
			if (previous != null) {
				throw new IllegalStateException("Two pipes are named '" + pipe.getName() + "': " + previous + " and " + pipe);
			}
		}
		this.declared = Collections.unmodifiableMap(byName);
		this.pipes = this.declared;
		this.backend = backend;
	}

	/**
	 * Creates and starts a pipe for this definition now, with the checks and permissions of a
	 * declared pipe (a created FIFO is owner-only unless the definition says otherwise, and an unsafe
	 * path is refused), and registers it under {@link PipeDefinition#name()}. Idempotent: when a pipe
	 * of that name exists with an equal definition, declared or provisioned, that pipe is returned.
	 * @return the running pipe
	 * @throws IllegalStateException when a pipe of that name exists with another definition (the
	 * message says which settings differ), or the registry was destroyed
	 * @throws PipeCreationException when the OS pipe cannot be created; nothing is registered then
	 * @throws PipeDirectoryNotWritableException when the pipe's directory is not writable
	 */
	public ManagedPipe provision(PipeDefinition definition) {
		synchronized (this.monitor) {
			if (this.destroyed) {
				throw new IllegalStateException("Cannot provision pipe '" + definition.name()
						+ "': the pipe registry was destroyed (the application context is closing)");
			}
			ManagedPipe existing = this.pipes.get(definition.name());
			if (existing != null) {
				if (existing.getDefinition().equals(definition)) {
					return existing;
				}
				throw conflict(existing, definition);
			}
			ManagedPipe pipe = new ManagedPipe(definition, this.backend);
			pipe.start();
			this.provisioned.put(definition.name(), pipe);
			this.pipes = snapshot();
			return pipe;
		}
	}

	private IllegalStateException conflict(ManagedPipe existing, PipeDefinition requested) {
		String origin = this.declared.containsKey(existing.getName())
				? "is declared (xpipe.pipes." + existing.getName() + ")"
				: "was provisioned already";
		List<String> differences = PipeDefinitionDifferences.between(existing.getDefinition(), requested);
		return new IllegalStateException("Cannot provision pipe '" + requested.name() + "': a pipe of that name " + origin
				+ " with other settings; differing: " + String.join(", ", differences)
				+ ". Use the same settings, or another name.");
	}

	private Map<String, ManagedPipe> snapshot() {
		Map<String, ManagedPipe> all = new LinkedHashMap<>(this.declared);
		all.putAll(this.provisioned);
		return Collections.unmodifiableMap(all);
	}

	/** The pipe with this name, declared or provisioned, or {@code null}. */
	public @Nullable ManagedPipe findPipe(String name) {
		return this.pipes.get(name);
	}

	/**
	 * The pipe with this name, declared or provisioned.
	 * @param referencedBy who asks, for the error message (e.g. {@code "a send"})
	 * @throws UnknownPipeException when there is no such pipe
	 */
	public ManagedPipe getPipe(String name, String referencedBy) {
		Map<String, ManagedPipe> current = this.pipes;
		ManagedPipe pipe = current.get(name);
		if (pipe == null) {
			throw new UnknownPipeException(name, current.keySet(), referencedBy);
		}
		return pipe;
	}

	/** The names of the pipes, declared ones in declaration order, then provisioned ones. */
	public Set<String> getPipeNames() {
		return this.pipes.keySet();
	}

	/** The pipes, declared ones in declaration order, then provisioned ones. */
	public Collection<ManagedPipe> getPipes() {
		return this.pipes.values();
	}

	/** Whether this pipe was provisioned at run time rather than declared. */
	public boolean isProvisioned(String name) {
		return this.pipes.containsKey(name) && !this.declared.containsKey(name);
	}

	/** Starts again the provisioned pipes a {@link #stop()} stopped. */
	@Override
	public void start() {
		synchronized (this.monitor) {
			for (ManagedPipe pipe : this.provisioned.values()) {
				pipe.start();
			}
			this.running = true;
		}
	}

	/** Stops the provisioned pipes, removing the OS pipes they created; they stay registered. */
	@Override
	public void stop() {
		synchronized (this.monitor) {
			this.running = false;
			stopProvisioned();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** The phase of {@link ManagedPipe}s: provisioned pipes stop after the listener containers. */
	@Override
	public int getPhase() {
		return ManagedPipe.PHASE;
	}

	/** Stops and forgets the provisioned pipes, removing the OS pipes they created. */
	@Override
	public void destroy() {
		synchronized (this.monitor) {
			this.destroyed = true;
			this.running = false;
			stopProvisioned();
			this.provisioned.clear();
			this.pipes = this.declared;
		}
	}

	private void stopProvisioned() {
		List<ManagedPipe> reversed = new ArrayList<>(this.provisioned.values());
		Collections.reverse(reversed);
		for (ManagedPipe pipe : reversed) {
			pipe.stop();
		}
	}

}
