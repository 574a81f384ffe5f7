package io.github.xpipe.stream.binder;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.stream.binder.XPipeMessageChannelBinder.BoundPipe;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of the xpipe binder, shown by Spring Cloud Stream under {@code binders.xpipe}: UP when
 * the pipe of every binding is started and, if this application created it, still on disk, and the
 * listener of every running consumer binding is running (a binding stopped on purpose, e.g. through
 * the {@code bindings} actuator endpoint, is not a failure); DOWN otherwise, with the {@code reason}. Details:
 * {@code pipes}, by binding name, each with its {@code pipe} name, {@code path}, {@code direction},
 * {@code framing}, {@code owner} and, for a consumer binding, whether its {@code listenerRunning}.
 */
public class XPipeBinderHealthIndicator implements HealthIndicator {

	private final XPipeMessageChannelBinder binder;

	/** The health of this binder's bindings. */
	public XPipeBinderHealthIndicator(XPipeMessageChannelBinder binder) {
		this.binder = binder;
	}

	@Override
	public Health health() {
		Map<String, Object> pipes = new LinkedHashMap<>();
		String problem = null;
		for (BoundPipe bound : this.binder.getBoundPipes()) {
			ManagedPipe pipe = bound.destination().pipe();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("pipe", pipe.getName());
			details.put("path", pipe.getPath());
			details.put("direction", pipe.getDirection().name().toLowerCase(Locale.ROOT));
			details.put("framing", pipe.getDefinition().codec().framing().id());
			details.put("owner", pipe.getDefinition().create() ? "this application" : "another process");
			PipeInboundChannelAdapter endpoint = bound.consumerEndpoint();
			if (endpoint != null) {
				details.put("listenerRunning", listenerRunning(endpoint));
			}
			pipes.put(bound.bindingName(), details);
			if (problem == null) {
				problem = problem(bound, pipe, endpoint);
			}
		}
		Health.Builder builder = (problem != null) ? Health.down().withDetail("reason", problem) : Health.up();
		return builder.withDetail("pipes", pipes).build();
	}

	private static @Nullable String problem(BoundPipe bound, ManagedPipe pipe, @Nullable PipeInboundChannelAdapter endpoint) {
		String binding = "binding '" + bound.bindingName() + "': ";
		if (!pipe.isRunning()) {
			return binding + "pipe '" + pipe.getName() + "' is not started";
		}
		if (pipe.getDefinition().create() && !PipeBackends.isWindows()
				&& !Files.exists(Path.of(pipe.getPath()), LinkOption.NOFOLLOW_LINKS)) {
			return binding + "nothing at " + pipe.getPath() + ": the pipe this application created was removed";
		}
		if (endpoint != null && endpoint.isRunning() && !listenerRunning(endpoint)) {
			return binding + "the listener of pipe '" + pipe.getName() + "' is not running";
		}
		return null;
	}

	private static boolean listenerRunning(PipeInboundChannelAdapter endpoint) {
		PipeListenerContainer container = endpoint.getContainer();
		return container != null && container.isRunning();
	}

}
