package io.github.xpipe.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration.BindersHealthContributor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code Supplier} writing a pipe and a {@code Consumer} reading one, in one application, and the
 * binder's health in Spring Cloud Stream's {@code binders} health.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeSupplierConsumerBindingTests {

	@TempDir
	Path temp;

	private ConfigurableApplicationContext start() {
		return BinderApps.start(TickerApp.class, this.temp.resolve("pipes"), "spring.cloud.function.definition=ticker;collect",
				"spring.cloud.stream.bindings.ticker-out-0.destination=ticks",
				"spring.cloud.stream.bindings.ticker-out-0.content-type=text/plain",
				"spring.integration.poller.fixed-delay=50ms",
				// the supplier is polled before the test's reader is there: wait for it
				"spring.cloud.stream.xpipe.bindings.ticker-out-0.producer.connect-timeout=20s",
				"spring.cloud.stream.bindings.collect-in-0.destination=notes",
				"spring.cloud.stream.bindings.collect-in-0.content-type=text/plain");
	}

	@Test
	void supplierWritesItsPipeAndConsumerReadsItsOwn() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		ConfigurableApplicationContext context = start();
		// the reader stays until the application closed: a send waiting for a reader would hold the close up
		try (ReadPipeEnd ticks = BinderApps.reader(pipes.resolve("ticks"), new LengthCrc32Codec())) {
			try (context) {
				assertThat(BinderApps.read(ticks)).asString(StandardCharsets.UTF_8).isEqualTo("tick");
				try (WritePipeEnd notes = BinderApps.writer(pipes.resolve("notes"), new LengthCrc32Codec())) {
					notes.write("a note".getBytes(StandardCharsets.UTF_8));
				}
				@SuppressWarnings("unchecked")
				BlockingQueue<String> collected = context.getBean("collected", BlockingQueue.class);
				assertThat(collected.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a note");
			}
		}
	}

	@Test
	void binderHealthShowsEveryBindingsPipeAndGoesDownWhenOneIsRemoved() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		ConfigurableApplicationContext context = start();
		try (ReadPipeEnd ticks = BinderApps.reader(pipes.resolve("ticks"), new LengthCrc32Codec())) {
			try (context) {
				HealthIndicator binder = (HealthIndicator) context.getBean(BindersHealthContributor.class)
					.getContributor("xpipe");
				assertThat(binder).isInstanceOf(XPipeBinderHealthIndicator.class);
				Health health = binder.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				@SuppressWarnings("unchecked")
				Map<String, Map<String, Object>> bound = (Map<String, Map<String, Object>>) health.getDetails().get("pipes");
				assertThat(bound).containsOnlyKeys("ticker-out-0", "collect-in-0");
				assertThat(bound.get("collect-in-0")).containsEntry("pipe", "notes")
					.containsEntry("path", pipes.resolve("notes").toString())
					.containsEntry("direction", "inbound")
					.containsEntry("framing", "length-crc32")
					.containsEntry("owner", "this application")
					.containsEntry("listenerRunning", true);
				assertThat(bound.get("ticker-out-0")).containsEntry("pipe", "ticks").containsEntry("direction", "outbound");

				Files.delete(pipes.resolve("notes"));
				await().atMost(BinderApps.WAIT).untilAsserted(() -> {
					Health down = binder.health();
					assertThat(down.getStatus()).isEqualTo(Status.DOWN);
					assertThat(down.getDetails().get("reason").toString()).contains("collect-in-0")
						.contains("the pipe this application created was removed");
				});
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TickerApp {

		@Bean
		Supplier<String> ticker() {
			return () -> "tick";
		}

		@Bean
		BlockingQueue<String> collected() {
			return new LinkedBlockingQueue<>();
		}

		@Bean
		Consumer<String> collect(BlockingQueue<String> collected) {
			return collected::add;
		}

	}

}
