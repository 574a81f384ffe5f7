package io.github.xpipe.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.micrometer.DefaultPipeListenerObservationConvention;
import io.github.xpipe.support.micrometer.PipeListenerObservationContext;
import io.github.xpipe.support.micrometer.PipeListenerObservationConvention;
import io.github.xpipe.test.XPipeContextRunners;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code xpipe.listener} and {@code xpipe.template} observations over real FIFOs, recorded by a
 * {@link TestObservationRegistry}: their keys, and the properties that switch each on (both off by
 * default, as spring-kafka's are).
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeObservationsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners
			.withBaseDir(this.temp.resolve("pipes"), "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.outbox.direction=outbound")
			.withUserConfiguration(ForwardingConfiguration.class);
	}

	@Test
	void listenerAndTemplateObservationsCarryTheMessagingKeys() {
		contextRunner()
			.withPropertyValues("xpipe.listener.observation-enabled=true", "xpipe.template.observation-enabled=true")
			.run((context) -> {
				forwardOneMessage(context, "hello");
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("xpipe.listener")
					.that()
					.hasContextualNameEqualTo("inbox process")
					.hasLowCardinalityKeyValue("xpipe.listener.id", "forward")
					.hasLowCardinalityKeyValue("messaging.system", "xpipe")
					.hasLowCardinalityKeyValue("messaging.operation", "process")
					.hasLowCardinalityKeyValue("messaging.source.name", "inbox")
					.hasLowCardinalityKeyValue("messaging.source.kind", "pipe")
					.hasLowCardinalityKeyValue("xpipe.framing", "length-crc32")
					.hasHighCardinalityKeyValue("messaging.message.body.size", "5")
					.hasBeenStarted()
					.hasBeenStopped());
				TestObservationRegistryAssert.assertThat(registry)
					.hasNumberOfObservationsWithNameEqualTo("xpipe.listener", 1)
					.hasNumberOfObservationsWithNameEqualTo("xpipe.template", 1)
					.hasObservationWithNameEqualTo("xpipe.template")
					.that()
					.hasContextualNameEqualTo("outbox send")
					.hasLowCardinalityKeyValue("messaging.system", "xpipe")
					.hasLowCardinalityKeyValue("messaging.operation", "publish")
					.hasLowCardinalityKeyValue("messaging.destination.name", "outbox")
					.hasLowCardinalityKeyValue("messaging.destination.kind", "pipe")
					.hasLowCardinalityKeyValue("xpipe.framing", "length-crc32")
					.hasHighCardinalityKeyValue("messaging.message.body.size", "5")
					.hasBeenStopped();
			});
	}

	@Test
	void observationsAreOffByDefault() {
		contextRunner().run((context) -> {
			forwardOneMessage(context, "quiet");
			TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
				.doesNotHaveAnyObservation();
		});
	}

	@Test
	void eachObservationIsSwitchedOnByItsOwnProperty() {
		contextRunner().withPropertyValues("xpipe.listener.observation-enabled=true").run((context) -> {
			forwardOneMessage(context, "only the listener");
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("xpipe.listener", 1));
			TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsWithNameEqualTo("xpipe.template", 0);
		});
		contextRunner().withPropertyValues("xpipe.template.observation-enabled=true").run((context) -> {
			forwardOneMessage(context, "only the template");
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo("xpipe.template", 1));
			TestObservationRegistryAssert.assertThat(registry).hasNumberOfObservationsWithNameEqualTo("xpipe.listener", 0);
		});
	}

	@Test
	void theApplicationsConventionReplacesTheDefaultOne() {
		contextRunner().withPropertyValues("xpipe.listener.observation-enabled=true")
			.withBean(PipeListenerObservationConvention.class, TenantConvention::new)
			.run((context) -> {
				forwardOneMessage(context, "tagged");
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				await().atMost(WAIT).untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
					.hasObservationWithNameEqualTo("xpipe.listener")
					.that()
					.hasLowCardinalityKeyValue("tenant", "acme")
					.hasLowCardinalityKeyValue("messaging.source.name", "inbox"));
			});
	}

	/** Writes one message to inbox and reads what the listener forwarded to outbox. */
	private static void forwardOneMessage(AssertableApplicationContext context, String text) throws Exception {
		assertThat(context).hasNotFailed();
		PipeRegistry pipes = context.getBean(PipeRegistry.class);
		byte[] message = text.getBytes(StandardCharsets.UTF_8);
		try (ReadPipeEnd reader = new ReadPipeEnd(NamedPipe.of(pipes.getPipe("outbox", "the test").getPath()),
				new LengthCrc32Codec()).open();
				WritePipeEnd writer = new WritePipeEnd(NamedPipe.of(pipes.getPipe("inbox", "the test").getPath()),
						new LengthCrc32Codec())
					.open(WAIT)) {
			writer.write(message);
			assertThat(reader.read(WAIT)).isEqualTo(message);
		}
		await().atMost(WAIT).until(() -> context.getBean(ForwardingListener.class).received.size() == 1);
	}

	@Configuration(proxyBeanMethods = false)
	static class ForwardingConfiguration {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		ForwardingListener forwardingListener(XPipeOperations template) {
			return new ForwardingListener(template);
		}

	}

	static class ForwardingListener {

		final List<byte[]> received = new CopyOnWriteArrayList<>();

		private final XPipeOperations template;

		ForwardingListener(XPipeOperations template) {
			this.template = template;
		}

		@PipeListener(value = "inbox", id = "forward")
		void forward(byte[] payload) {
			this.template.send("outbox", payload);
			this.received.add(payload);
		}

	}

	/** Adds a key of its own to the default ones. */
	static class TenantConvention extends DefaultPipeListenerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(PipeListenerObservationContext context) {
			return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
		}

	}

}
