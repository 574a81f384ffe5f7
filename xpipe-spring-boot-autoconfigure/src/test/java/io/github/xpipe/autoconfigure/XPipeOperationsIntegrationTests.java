package io.github.xpipe.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.health.XPipeHealthContributorAutoConfiguration;
import io.github.xpipe.autoconfigure.metrics.XPipeMetricsAutoConfiguration;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.event.PipeEvent;
import io.github.xpipe.event.PipeFrameRejectedEvent;
import io.github.xpipe.event.PipeListenerIdleEvent;
import io.github.xpipe.event.PipeWriterConnectedEvent;
import io.github.xpipe.event.PipeWriterDisconnectedEvent;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.test.MeterObservationConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics, observations and events after real traffic over real FIFOs: a writer sends to
 * an echo listener (good messages, one its listener throws on, one with a bad CRC), the echo goes
 * out through the template to a reader.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeOperationsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class, XPipeEventAutoConfiguration.class,
					XPipeHealthContributorAutoConfiguration.class, XPipeMetricsAutoConfiguration.class,
					ObservationAutoConfiguration.class))
			.withUserConfiguration(EchoConfiguration.class, MeterObservationConfiguration.class)
			.withPropertyValues("xpipe.base-dir=" + this.temp.resolve("pipes"), "xpipe.pipes.inbox.direction=inbound",
					// a frame sent without a CRC stands for a corrupt one: rejected when every CRC is checked
					"xpipe.pipes.inbox.crc-check=strict", "xpipe.pipes.outbox.direction=outbound",
					"xpipe.listener.idle-event-interval=200ms", "xpipe.listener.observation-enabled=true",
					"xpipe.template.observation-enabled=true");
	}

	@Test
	void healthMetricsObservationsAndEventsFollowTheTraffic() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			PipeRegistry pipes = context.getBean(PipeRegistry.class);
			String inboxPath = pipes.getPipe("inbox", "the test").getPath();
			String outboxPath = pipes.getPipe("outbox", "the test").getPath();
			HealthIndicator inbox = health(context, "inbox");
			HealthIndicator outbox = health(context, "outbox");
			EventRecorder events = context.getBean(EventRecorder.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);

			Health before = inbox.health();
			assertThat(before.getStatus()).isEqualTo(Status.UP);
			assertThat(before.getDetails()).containsEntry("path", inboxPath)
				.containsEntry("direction", "inbound")
				.containsEntry("framing", "length-crc32")
				.containsEntry("listener", "echo")
				.containsEntry("listenerRunning", true)
				.containsEntry("connectedWriters", 0)
				.doesNotContainKey("lastError");
			assertThat(outbox.health().getDetails()).containsEntry("connected", false);

			try (ReadPipeEnd reader = new ReadPipeEnd(NamedPipe.of(outboxPath), new LengthCrc32Codec()).open();
					WritePipeEnd writer = new WritePipeEnd(NamedPipe.of(inboxPath), new LengthCrc32Codec())
						.open(WAIT)) {
				writer.write(bytes("hello"));
				assertThat(reader.read(WAIT)).isEqualTo(bytes("hello"));
				// on Linux and macOS a connection starts with its first bytes
				await().atMost(WAIT).until(() -> events.of(PipeWriterConnectedEvent.class).size() == 1);
				assertThat(inbox.health().getDetails()).containsEntry("connectedWriters", 1);
				writer.write(bytes("boom"));
				try (WritePipeEnd withoutCrc = new WritePipeEnd(NamedPipe.of(inboxPath),
						new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, false, 1024))
					.open(WAIT)) {
					withoutCrc.write(bytes("corrupt"));
				}
				writer.write(bytes("world"));
				assertThat(reader.read(WAIT)).isEqualTo(bytes("world"));

				assertThat(outbox.health().getDetails()).containsEntry("connected", true);
				Health during = inbox.health();
				assertThat(during.getStatus()).isEqualTo(Status.UP);
				assertThat((String) during.getDetails().get("lastError")).contains("crc");
				assertThat(during.getDetails()).containsKey("lastErrorTime");
				events.clear();
			}
			await().atMost(WAIT).until(() -> events.of(PipeWriterDisconnectedEvent.class).size() == 1);
			assertThat(inbox.health().getDetails()).containsEntry("connectedWriters", 0);
			await().atMost(WAIT).until(() -> !events.of(PipeListenerIdleEvent.class).isEmpty());
			assertThat(events.of(PipeListenerIdleEvent.class).get(0).getIdleTime())
				.isGreaterThanOrEqualTo(Duration.ofMillis(200));

			assertThat(counter(meters, "xpipe.messages.received", "inbox")).isEqualTo(3);
			assertThat(counter(meters, "xpipe.bytes.received", "inbox")).isEqualTo(14);
			assertThat(counter(meters, "xpipe.listener.errors", "inbox")).isEqualTo(1);
			assertThat(meters.get("xpipe.frames.rejected").tag("pipe", "inbox").tag("reason", "crc").counter().count())
				.isEqualTo(1);
			assertThat(counter(meters, "xpipe.messages.sent", "outbox")).isEqualTo(2);
			assertThat(counter(meters, "xpipe.bytes.sent", "outbox")).isEqualTo(10);
			assertThat(meters.find("xpipe.messages.received").tag("pipe", "outbox").counter()).isNull();
			assertThat(meters.find("xpipe.messages.sent").tag("pipe", "inbox").counter()).isNull();
			assertThat(meters.get("xpipe.listener")
				.tags("xpipe.listener.id", "echo", "messaging.source.name", "inbox", "xpipe.framing", "length-crc32",
						"error", "none")
				.timer()
				.count()).isEqualTo(2);
			assertThat(meters.get("xpipe.listener").tags("messaging.source.name", "inbox", "error", "IllegalStateException")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get("xpipe.template")
				.tags("messaging.destination.name", "outbox", "xpipe.framing", "length-crc32", "error", "none")
				.timer()
				.count()).isEqualTo(2);

			context.getBean(PipeListenerEndpointRegistry.class).stop("echo");
			Health stopped = inbox.health();
			assertThat(stopped.getStatus()).isEqualTo(Status.DOWN);
			assertThat(stopped.getDetails()).containsEntry("reason", "listener 'echo' is not running")
				.containsEntry("listenerRunning", false);
		});
	}

	@Test
	void rejectedFrameIsPublishedWithItsReason() {
		contextRunner().run((context) -> {
			String inboxPath = context.getBean(PipeRegistry.class).getPipe("inbox", "the test").getPath();
			EventRecorder events = context.getBean(EventRecorder.class);
			try (WritePipeEnd withoutCrc = new WritePipeEnd(NamedPipe.of(inboxPath),
					new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, false, 1024))
				.open(WAIT)) {
				withoutCrc.write(bytes("corrupt"));
				await().atMost(WAIT).until(() -> !events.of(PipeFrameRejectedEvent.class).isEmpty());
			}
			PipeFrameRejectedEvent rejected = events.of(PipeFrameRejectedEvent.class).get(0);
			assertThat(rejected.getPipeName()).isEqualTo("inbox");
			assertThat(rejected.getListenerId()).isEqualTo("echo");
			assertThat(rejected.getReason()).isEqualTo(FrameException.Reason.CRC);
			assertThat(rejected.getByteCount()).isEqualTo(7 + LengthCrc32Codec.FRAME_OVERHEAD);
		});
	}

	private static HealthIndicator health(AssertableApplicationContext context, String pipe) {
		CompositeHealthContributor xpipe = context.getBean("xpipeHealthContributor", CompositeHealthContributor.class);
		return (HealthIndicator) xpipe.getContributor(pipe);
	}

	private static double counter(MeterRegistry meters, String name, String pipe) {
		return meters.get(name).tag("pipe", pipe).counter().count();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoConfiguration {

		@Bean
		EchoListener echoListener(XPipeOperations template) {
			return new EchoListener(template);
		}

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

	}

	static class EchoListener {

		private final XPipeOperations template;

		EchoListener(XPipeOperations template) {
			this.template = template;
		}

		@PipeListener(value = "inbox", id = "echo")
		void echo(byte[] payload) {
			if (new String(payload, StandardCharsets.UTF_8).equals("boom")) {
				throw new IllegalStateException("boom");
			}
			this.template.send("outbox", payload);
		}

	}

	static class EventRecorder implements ApplicationListener<PipeEvent> {

		private final List<PipeEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PipeEvent event) {
			this.events.add(event);
		}

		<E extends PipeEvent> List<E> of(Class<E> type) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}

		void clear() {
			this.events.clear();
		}

	}

}
