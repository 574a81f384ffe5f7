package io.github.xpipe.integration.inbound;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.autoconfigure.XPipeProperties;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.UnknownPipeException;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

import static io.github.xpipe.integration.test.IntegrationTestPipes.WAIT;
import static io.github.xpipe.integration.test.IntegrationTestPipes.bytes;
import static io.github.xpipe.integration.test.IntegrationTestPipes.codec;
import static io.github.xpipe.integration.test.IntegrationTestPipes.contextRunner;
import static io.github.xpipe.integration.test.IntegrationTestPipes.text;
import static io.github.xpipe.integration.test.IntegrationTestPipes.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inbound channel adapter on real FIFOs, in an application context with xpipe's auto-configuration. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeInboundChannelAdapterTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner(String... properties) {
		return contextRunner(this.temp.resolve("pipes"), "xpipe.pipes.in.direction=inbound")
			.withPropertyValues(properties);
	}

	@ParameterizedTest
	@ValueSource(strings = { "length-crc32", "base64" })
	void sendsEveryFrameWithThePipeHeaders(String framing) {
		runner("xpipe.pipes.in.framing=" + framing).withUserConfiguration(QueueConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			QueueChannel received = context.getBean("received", QueueChannel.class);
			try (WritePipeEnd writer = writer(context, "in", codec(framing))) {
				writer.write(bytes("one"));
				writer.write(bytes("two"));
			}
			Message<?> one = received.receive(WAIT.toMillis());
			Message<?> two = received.receive(WAIT.toMillis());
			assertThat(one).isNotNull();
			assertThat(two).isNotNull();
			assertThat(one.getPayload()).isInstanceOf(byte[].class);
			assertThat(text((byte[]) one.getPayload())).isEqualTo("one");
			assertThat(text((byte[]) two.getPayload())).isEqualTo("two");
			assertThat(one.getHeaders()).containsEntry(XPipeHeaders.PIPE, "in")
				.containsKey(XPipeHeaders.RECEIVED_TIMESTAMP)
				.containsKey(XPipeHeaders.CHARSET);
			PipeInboundChannelAdapter adapter = context.getBean(PipeInboundChannelAdapter.class);
			assertThat(adapter.getContainer()).isNotNull();
			assertThat(adapter.getContainer().getListenerId()).isEqualTo("integration-in");
			assertThat(adapter.getContainer().getPipeName()).isEqualTo("in");
		});
	}

	@Test
	void convertsPayloadsToTheRequestedType() {
		runner().withUserConfiguration(QueueConfiguration.class)
			.run((context) -> {
				PipeInboundChannelAdapter adapter = context.getBean(PipeInboundChannelAdapter.class);
				adapter.stop();
				adapter.setPayloadType(String.class);
				adapter.start();
				try (WritePipeEnd writer = writer(context, "in", new LengthCrc32Codec())) {
					writer.write(bytes("héllo"));
				}
				Message<?> message = context.getBean("received", QueueChannel.class).receive(WAIT.toMillis());
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("héllo");
				assertThat(message.getHeaders()).containsEntry(XPipeHeaders.PIPE, "in");
			});
	}

	@Test
	void downstreamFailuresGoToTheErrorChannelAndReadingGoesOn() {
		runner().withUserConfiguration(ErrorChannelConfiguration.class).run((context) -> {
			List<String> handled = new CopyOnWriteArrayList<>();
			context.getBean("output", DirectChannel.class).subscribe((message) -> {
				String text = text((byte[]) message.getPayload());
				if (text.equals("boom")) {
					throw new IllegalStateException("handler failed on " + text);
				}
				handled.add(text);
			});
			try (WritePipeEnd writer = writer(context, "in", new LengthCrc32Codec())) {
				writer.write(bytes("boom"));
				writer.write(bytes("after"));
			}
			Message<?> error = context.getBean("errors", QueueChannel.class).receive(WAIT.toMillis());
			assertThat(error).isInstanceOf(ErrorMessage.class);
			assertThat(error.getPayload()).isInstanceOf(MessagingException.class);
			MessagingException failure = (MessagingException) error.getPayload();
			assertThat(failure).hasRootCauseMessage("handler failed on boom");
			assertThat(failure.getFailedMessage()).isNotNull();
			assertThat(text((byte[]) failure.getFailedMessage().getPayload())).isEqualTo("boom");
			await().atMost(WAIT).until(() -> handled.contains("after"));
			assertThat(context.getBean(RecordingErrorHandler.class).failures).isEmpty();
		});
	}

	@Test
	void withoutAnErrorChannelTheContainersErrorHandlerGetsTheFailure() {
		runner().withUserConfiguration(ErrorHandlerConfiguration.class).run((context) -> {
			context.getBean("output", DirectChannel.class).subscribe((message) -> {
				throw new IllegalStateException("handler failed");
			});
			try (WritePipeEnd writer = writer(context, "in", new LengthCrc32Codec())) {
				writer.write(bytes("boom"));
			}
			RecordingErrorHandler errorHandler = context.getBean(RecordingErrorHandler.class);
			await().atMost(WAIT).until(() -> !errorHandler.failures.isEmpty());
			assertThat(errorHandler.failures.get(0)).hasRootCauseMessage("handler failed");
			assertThat(text(errorHandler.messages.get(0).getPayload())).isEqualTo("boom");
		});
	}

	@Test
	void stoppingTheAdapterStopsItsContainerAndWhatIsWrittenMeanwhileArrivesAfterItStartsAgain() {
		runner().withUserConfiguration(QueueConfiguration.class).run((context) -> {
			PipeInboundChannelAdapter adapter = context.getBean(PipeInboundChannelAdapter.class);
			QueueChannel received = context.getBean("received", QueueChannel.class);
			assertThat(adapter.isRunning()).isTrue();
			assertThat(adapter.getContainer().isRunning()).isTrue();
			adapter.stop();
			assertThat(adapter.getContainer().isRunning()).isFalse();
			try (WritePipeEnd writer = writer(context, "in", new LengthCrc32Codec())) {
				writer.write(bytes("while stopped"));
			}
			assertThat(received.getQueueSize()).isZero();
			adapter.start();
			assertThat(adapter.getContainer().isRunning()).isTrue();
			Message<?> message = received.receive(WAIT.toMillis());
			assertThat(message).isNotNull();
			assertThat(text((byte[]) message.getPayload())).isEqualTo("while stopped");
		});
		// the container stopped with the context: no thread reads the pipe any more
		await().atMost(WAIT)
			.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch((thread) -> thread.getName().startsWith("xpipe-in-")));
	}

	@Test
	void readsAPipeProvisionedAtRunTime() {
		runner().withUserConfiguration(IntegrationOnly.class).run((context) -> {
			PipeProperties settings = new PipeProperties();
			settings.setFraming(Framing.BASE64);
			context.getBean(PipeRegistry.class)
				.provision(settings.toDefinition("late", context.getBean(XPipeProperties.class)));
			QueueChannel received = new QueueChannel();
			PipeInboundChannelAdapter adapter = new PipeInboundChannelAdapter(
					context.getBean(PipeListenerContainerFactory.class), "late");
			adapter.setListenerId("late-binding");
			adapter.setOutputChannel(received);
			adapter.setBeanFactory(context.getAutowireCapableBeanFactory());
			adapter.afterPropertiesSet();
			adapter.start();
			try (WritePipeEnd writer = writer(context, "late", codec("base64"))) {
				writer.write(bytes("provisioned"));
				Message<?> message = received.receive(WAIT.toMillis());
				assertThat(message).isNotNull();
				assertThat(text((byte[]) message.getPayload())).isEqualTo("provisioned");
				assertThat(message.getHeaders()).containsEntry(XPipeHeaders.PIPE, "late");
			}
			finally {
				adapter.stop();
			}
			assertThat(adapter.getContainer().getListenerId()).isEqualTo("late-binding");
		});
		assertThat(this.temp.resolve("pipes").resolve("late")).as("removed with the context").doesNotExist();
	}

	@Test
	void anUnknownPipeFailsTheStartup() {
		runner().withUserConfiguration(QueueConfiguration.class)
			.withPropertyValues("adapter.pipe=missing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(UnknownPipeException.class)
				.hasMessageContaining("Pipe 'missing'")
				.hasMessageContaining("[in]"));
	}

	@Test
	void anOutboundPipeFailsTheStartup() {
		runner("xpipe.pipes.in.direction=outbound").withUserConfiguration(QueueConfiguration.class)
			.run((context) -> assertThat(context).getFailure().rootCause().isInstanceOf(PipeDirectionException.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationOnly {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class QueueConfiguration {

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		@Bean
		PipeInboundChannelAdapter adapter(PipeListenerContainerFactory<?> containerFactory, QueueChannel received,
				org.springframework.core.env.Environment environment) {
			PipeInboundChannelAdapter adapter = new PipeInboundChannelAdapter(containerFactory,
					environment.getProperty("adapter.pipe", "in"));
			adapter.setOutputChannel(received);
			return adapter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class ErrorChannelConfiguration {

		@Bean
		DirectChannel output() {
			return new DirectChannel();
		}

		@Bean
		QueueChannel errors() {
			return new QueueChannel();
		}

		@Bean
		RecordingErrorHandler recordingErrorHandler() {
			return new RecordingErrorHandler();
		}

		@Bean
		PipeInboundChannelAdapter adapter(PipeListenerContainerFactory<?> containerFactory, DirectChannel output,
				QueueChannel errors) {
			PipeInboundChannelAdapter adapter = new PipeInboundChannelAdapter(containerFactory, "in");
			adapter.setOutputChannel(output);
			adapter.setErrorChannel(errors);
			return adapter;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class ErrorHandlerConfiguration {

		@Bean
		DirectChannel output() {
			return new DirectChannel();
		}

		@Bean
		RecordingErrorHandler recordingErrorHandler() {
			return new RecordingErrorHandler();
		}

		@Bean
		PipeInboundChannelAdapter adapter(PipeListenerContainerFactory<?> containerFactory, DirectChannel output) {
			PipeInboundChannelAdapter adapter = new PipeInboundChannelAdapter(containerFactory, "in");
			adapter.setOutputChannel(output);
			return adapter;
		}

	}

	static class RecordingErrorHandler implements PipeListenerErrorHandler {

		final List<PipeListenerFailedException> failures = new CopyOnWriteArrayList<>();

		final List<Message<byte[]>> messages = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
			this.failures.add(exception);
			if (message != null) {
				this.messages.add(message);
			}
		}

	}

}
