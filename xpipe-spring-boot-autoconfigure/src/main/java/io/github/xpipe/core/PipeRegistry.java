package io.github.xpipe.core;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** The declared pipes, looked up by their declared name. */
public class PipeRegistry {

	private final Map<String, ManagedPipe> pipes;

	public PipeRegistry(Collection<ManagedPipe> pipes) {
		Map<String, ManagedPipe> byName = new LinkedHashMap<>();
		for (ManagedPipe pipe : pipes) {
			ManagedPipe previous = byName.putIfAbsent(pipe.getName(), pipe);
			if (previous != null) {
				throw new IllegalStateException("Two pipes are named '" + pipe.getName() + "': " + previous + " and " + pipe);
			}
		}
		this.pipes = Collections.unmodifiableMap(byName);
	}

	/** The pipe with this declared name, or {@code null}. */
	public @Nullable ManagedPipe findPipe(String name) {
		return this.pipes.get(name);
	}

	/**
	 * The pipe with this declared name.
	 * @param referencedBy who asks, for the error message (e.g. {@code "a send"})
	 * @throws UnknownPipeException when no such pipe is declared
	 */
	public ManagedPipe getPipe(String name, String referencedBy) {
		ManagedPipe pipe = this.pipes.get(name);
		if (pipe == null) {
			throw new UnknownPipeException(name, this.pipes.keySet(), referencedBy);
		}
		return pipe;
	}

	/** The declared names, in declaration order. */
	public Set<String> getPipeNames() {
		return this.pipes.keySet();
	}

	/** The declared pipes, in declaration order. */
	public Collection<ManagedPipe> getPipes() {
		return this.pipes.values();
	}

}
