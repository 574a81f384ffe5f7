package io.github.xpipe.stream.binder;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trace continued across a pipe: two applications with Micrometer Tracing on Brave (W3C
 * propagation), the binder's observations on and embedded headers on both ends; the receiver's
 * consumer runs in the trace the sender's output observation started.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeTracingTests {

	private static final String[] TRACING = { "management.tracing.sampling.probability=1.0",
			"spring.cloud.stream.xpipe.binder.observation-enabled=true" };

	@TempDir
	Path temp;

	@Test
	void receiverContinuesTheSendersTrace() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext receiver = BinderApps.start(ReceiverApp.class, pipes,
				with("spring.cloud.function.definition=receive", "spring.cloud.stream.bindings.receive-in-0.destination=traced",
						"spring.cloud.stream.bindings.receive-in-0.consumer.header-mode=embedded-headers"));
				ConfigurableApplicationContext sender = BinderApps.start(SenderApp.class, pipes,
						with("spring.cloud.function.definition=send", "spring.cloud.stream.bindings.send-out-0.destination=traced",
								"spring.cloud.stream.bindings.send-out-0.producer.header-mode=embedded-headers",
								"spring.integration.poller.fixed-delay=50ms"))) {
			@SuppressWarnings("unchecked")
			BlockingQueue<String> receivedIn = receiver.getBean("traceIds", BlockingQueue.class);
			String traceId = receivedIn.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(traceId).isNotNull();
			SpanRecorder sent = sender.getBean(SpanRecorder.class);
			SpanRecorder received = receiver.getBean(SpanRecorder.class);
			await().atMost(BinderApps.WAIT).untilAsserted(() -> {
				assertThat(sent.traceIds).as("traces the sender reported").contains(traceId);
				assertThat(received.traceIds).as("traces the receiver reported").contains(traceId);
			});
		}
	}

	private static String[] with(String... properties) {
		String[] all = new String[TRACING.length + properties.length];
		System.arraycopy(TRACING, 0, all, 0, TRACING.length);
		System.arraycopy(properties, 0, all, TRACING.length, properties.length);
		return all;
	}

	/** The trace ids of the spans an application finished. */
	static class SpanRecorder extends SpanHandler {

		final Set<String> traceIds = ConcurrentHashMap.newKeySet();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.traceIds.add(span.traceId());
			return true;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SenderApp {

		@Bean
		SpanRecorder spanRecorder() {
			return new SpanRecorder();
		}

		@Bean
		Supplier<String> send() {
			return () -> "traced hello";
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReceiverApp {

		@Bean
		SpanRecorder spanRecorder() {
			return new SpanRecorder();
		}

		@Bean
		BlockingQueue<String> traceIds() {
			return new LinkedBlockingQueue<>();
		}

		@Bean
		Consumer<String> receive(Tracer tracer, BlockingQueue<String> traceIds) {
			return (payload) -> {
				Span current = tracer.currentSpan();
				traceIds.add((current != null) ? current.context().traceId() : "no current span");
			};
		}

	}

}
