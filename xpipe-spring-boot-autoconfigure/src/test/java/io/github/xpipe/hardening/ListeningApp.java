package io.github.xpipe.hardening;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.XPipeOperations;

import org.springframework.boot.WebApplicationType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The listening application of a scenario, in this JVM: a Spring Boot application with the xpipe
 * auto-configuration, an inbound pipe {@code in} read by an {@link Inbox} and a
 * {@link RecordingErrorHandler}, an {@link OrderInbox} when a pipe {@code orders} is declared, plus
 * whatever properties the scenario adds.
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

	ListenerFailures failures() {
		return this.context.getBean(ListenerFailures.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
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
		Inbox inbox(@Value("${hardening.delay-ms:0}") long delayMillis) {
			Inbox inbox = new Inbox();
			inbox.delay(delayMillis);
			return inbox;
		}

		@Bean
		@ConditionalOnProperty("xpipe.pipes.orders.direction")
		OrderInbox orderInbox() {
			return new OrderInbox();
		}

		@Bean
		ListenerFailures listenerFailures() {
			return new ListenerFailures();
		}

		@Bean
		RecordingErrorHandler recordingErrorHandler() {
			return new RecordingErrorHandler();
		}

	}

}
