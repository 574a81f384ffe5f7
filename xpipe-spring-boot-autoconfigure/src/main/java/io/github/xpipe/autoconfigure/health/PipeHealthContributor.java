package io.github.xpipe.autoconfigure.health;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeListenerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code xpipe} health component: a {@link PipeHealthIndicator} for each pipe of the
 * {@link PipeRegistry}, read from the registry on every health request, so that pipes provisioned
 * at run time (by a Spring Cloud Stream binding, for instance) appear once they exist. Without any
 * pipe the component has no members, and the health endpoint leaves it out.
 */
final class PipeHealthContributor implements CompositeHealthContributor {

	private final PipeRegistry registry;

	private final Supplier<List<PipeListenerContainer>> listeners;

	private final PipeHealthTracker tracker;

	PipeHealthContributor(PipeRegistry registry, Supplier<List<PipeListenerContainer>> listeners,
			PipeHealthTracker tracker) {
		this.registry = registry;
		this.listeners = listeners;
		this.tracker = tracker;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		ManagedPipe pipe = this.registry.findPipe(name);
		return (pipe != null) ? indicator(pipe) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.registry.getPipes().stream().map((pipe) -> new Entry(pipe.getName(), indicator(pipe)));
	}

	private PipeHealthIndicator indicator(ManagedPipe pipe) {
		return new PipeHealthIndicator(pipe, this.listeners, this.tracker);
	}

}
