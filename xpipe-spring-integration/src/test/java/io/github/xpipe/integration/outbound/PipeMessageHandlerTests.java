package io.github.xpipe.integration.outbound;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.UnknownPipeException;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.ReadPipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

import static io.github.xpipe.integration.test.IntegrationTestPipes.WAIT;
import static io.github.xpipe.integration.test.IntegrationTestPipes.bytes;
import static io.github.xpipe.integration.test.IntegrationTestPipes.contextRunner;
import static io.github.xpipe.integration.test.IntegrationTestPipes.reader;
import static io.github.xpipe.integration.test.IntegrationTestPipes.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The outbound channel adapter on real FIFOs, through the auto-configured template. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeMessageHandlerTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner(String... properties) {
		return contextRunner(this.temp.resolve("pipes"), "xpipe.pipes.out.direction=outbound",
				"xpipe.pipes.other.direction=outbound", "xpipe.pipes.in.direction=inbound")
			.withUserConfiguration(IntegrationConfiguration.class)
			.withPropertyValues(properties);
	}

	@Test
	void writesBytesAsTheyAreAndConvertsOtherPayloads() {
		runner().run((context) -> {
			PipeMessageHandler handler = handler(context, (h) -> h.setPipe("out"));
			try (ReadPipeEnd reader = reader(context, "out", new LengthCrc32Codec())) {
				handler.handleMessage(MessageBuilder.withPayload(bytes("raw")).build());
				handler.handleMessage(MessageBuilder.withPayload("text").build());
				assertThat(text(reader.read(WAIT))).isEqualTo("raw");
				assertThat(text(reader.read(WAIT))).isEqualTo("text");
			}
		});
	}

	@Test
	void aPipeListenerOfTheApplicationReadsWhatItWrites() {
		runner("xpipe.pipes.loop.direction=inbound", "xpipe.pipes.loop-writer.direction=outbound",
				"xpipe.pipes.loop-writer.create=false", "xpipe.pipes.loop-writer.path=" + this.temp.resolve("pipes/loop"))
			.withUserConfiguration(LoopListener.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PipeMessageHandler handler = handler(context, (h) -> h.setPipe("loop-writer"));
				handler.handleMessage(MessageBuilder.withPayload("around").build());
				assertThat(context.getBean(LoopListener.class).received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo("around");
			});
	}

	@Test
	void thePipeExpressionChoosesThePipeOfEachMessage() {
		runner().run((context) -> {
			Expression target = new SpelExpressionParser().parseExpression("headers['target']");
			PipeMessageHandler handler = handler(context, (h) -> h.setPipeExpression(target));
			try (ReadPipeEnd out = reader(context, "out", new LengthCrc32Codec());
					ReadPipeEnd other = reader(context, "other", new LengthCrc32Codec())) {
				handler.handleMessage(MessageBuilder.withPayload("to other").setHeader("target", "other").build());
				handler.handleMessage(MessageBuilder.withPayload("to out").setHeader("target", "out").build());
				assertThat(text(other.read(WAIT))).isEqualTo("to other");
				assertThat(text(out.read(WAIT))).isEqualTo("to out");
			}
			assertThatExceptionOfType(MessageHandlingException.class)
				.isThrownBy(() -> handler.handleMessage(MessageBuilder.withPayload("nowhere").build()))
				.withMessageContaining("The pipe expression 'headers['target']' gave no pipe name");
		});
	}

	@Test
	void aSynchronousSendWithoutAReaderThrowsThePipeSendException() {
		runner("xpipe.pipes.out.connect-timeout=100ms").run((context) -> {
			PipeMessageHandler handler = handler(context, (h) -> h.setPipe("out"));
			Message<String> message = MessageBuilder.withPayload("lost").build();
			assertThatExceptionOfType(MessageHandlingException.class).isThrownBy(() -> handler.handleMessage(message))
				.satisfies((ex) -> assertThat(ex.getFailedMessage()).isSameAs(message))
				.havingCause()
				.isInstanceOf(PipeSendException.class)
				.satisfies((ex) -> assertThat(((PipeSendException) ex).getPipeName()).isEqualTo("out"));
		});
	}

	@Test
	void anUnknownOrInboundPipeThrowsTheTypedException() {
		runner().run((context) -> {
			PipeMessageHandler unknown = handler(context, (h) -> h.setPipe("nowhere"));
			assertThatExceptionOfType(MessageHandlingException.class)
				.isThrownBy(() -> unknown.handleMessage(MessageBuilder.withPayload("x").build()))
				.havingCause()
				.isInstanceOf(UnknownPipeException.class);
			PipeMessageHandler inbound = handler(context, (h) -> {
				h.setPipe("in");
				h.setSync(false);
			});
			assertThatExceptionOfType(MessageHandlingException.class)
				.isThrownBy(() -> inbound.handleMessage(MessageBuilder.withPayload("x").build()))
				.havingCause()
				.isInstanceOf(PipeDirectionException.class);
		});
	}

	@Test
	void failedAsynchronousSendsGoToTheFailureChannel() {
		runner("xpipe.pipes.out.connect-timeout=100ms").run((context) -> {
			QueueChannel failures = new QueueChannel();
			QueueChannel successes = new QueueChannel();
			PipeMessageHandler handler = handler(context, (h) -> {
				h.setPipe("out");
				h.setSync(false);
				h.setSendFailureChannel(failures);
				h.setSendSuccessChannel(successes);
			});
			Message<String> message = MessageBuilder.withPayload("lost").build();
			handler.handleMessage(message);
			Message<?> failure = failures.receive(WAIT.toMillis());
			assertThat(failure).isInstanceOf(ErrorMessage.class);
			assertThat(((ErrorMessage) failure).getOriginalMessage()).isSameAs(message);
			assertThat(failure.getPayload()).isInstanceOf(MessageHandlingException.class);
			MessageHandlingException exception = (MessageHandlingException) failure.getPayload();
			assertThat(exception.getFailedMessage()).isSameAs(message);
			assertThat(exception).hasMessageContaining("Failed to send to pipe 'out'")
				.cause()
				.isInstanceOf(PipeSendException.class);
			assertThat(successes.getQueueSize()).isZero();
		});
	}

	@Test
	void successfulAsynchronousSendsGoToTheSuccessChannel() {
		runner().run((context) -> {
			QueueChannel failures = new QueueChannel();
			QueueChannel successes = new QueueChannel();
			PipeMessageHandler handler = handler(context, (h) -> {
				h.setPipe("out");
				h.setSync(false);
				h.setSendFailureChannel(failures);
				h.setSendSuccessChannel(successes);
			});
			try (ReadPipeEnd reader = reader(context, "out", new LengthCrc32Codec())) {
				Message<String> message = MessageBuilder.withPayload("async").build();
				handler.handleMessage(message);
				assertThat(successes.receive(WAIT.toMillis())).isSameAs(message);
				assertThat(text(reader.read(WAIT))).isEqualTo("async");
			}
			assertThat(failures.getQueueSize()).isZero();
		});
	}

	@Test
	void aHandlerWithoutAPipeFailsToInitialise() {
		runner().run((context) -> assertThatIllegalStateException().isThrownBy(() -> handler(context, (handler) -> {
		}))
			.withMessageContaining("setPipe(name) or setPipeExpression(expression)"));
	}

	/** A handler on the context's template, configured so, then initialised as a bean would be. */
	private static PipeMessageHandler handler(ApplicationContext context, Consumer<PipeMessageHandler> configuration) {
		PipeMessageHandler handler = new PipeMessageHandler(context.getBean(XPipeOperations.class));
		handler.setBeanFactory(context.getAutowireCapableBeanFactory());
		configuration.accept(handler);
		handler.afterPropertiesSet();
		return handler;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationConfiguration {

	}

	static class LoopListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@PipeListener("loop")
		void receive(String message) {
			this.received.add(message);
		}

	}

}
