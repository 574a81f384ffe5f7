package io.github.xpipe.hardening;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.XPipeOperations;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listening application of a scenario, in this JVM: a Spring Boot application with the xpipe
 * auto-configuration, an inbound pipe {@code in} read by an {@link Inbox} and a
 * {@link RecordingErrorHandler}, plus whatever properties the scenario adds.
 */
final class ListeningApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ListeningApp(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts the application with its pipes in {@code baseDir}. */
	static ListeningApp start(Path baseDir, String... properties) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("xpipe.base-dir", baseDir.toString());
		defaults.put("xpipe.pipes.in.direction", "inbound");
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("spring.main.log-startup-info", "false");
		defaults.put("logging.level.io.github.xpipe.listener", "off");
		return new ListeningApp(new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.properties(defaults)
			.run(java.util.Arrays.stream(properties).map((p) -> "--" + p).toArray(String[]::new)));
	}

	Inbox inbox() {
		return this.context.getBean(Inbox.class);
	}

	RecordingErrorHandler errors() {
		return this.context.getBean(RecordingErrorHandler.class);
	}

	ConnectionCounter connections() {
		return this.context.getBean(ConnectionCounter.class);
	}

	PipeListenerEndpointRegistry registry() {
		return this.context.getBean(PipeListenerEndpointRegistry.class);
	}

	XPipeOperations template() {
		return this.context.getBean(XPipeOperations.class);
	}

	/** The path of the declared pipe {@code name}. */
	String path(String name) {
		return this.context.getBean(io.github.xpipe.core.PipeRegistry.class).getPipe(name, "a test").getPath();
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(XPipeAutoConfiguration.class)
	static class App {

		@Bean
		Inbox inbox() {
			return new Inbox();
		}

		@Bean
		ConnectionCounter connectionCounter() {
			return new ConnectionCounter();
		}

		@Bean
		RecordingErrorHandler recordingErrorHandler() {
			return new RecordingErrorHandler();
		}

	}

}
