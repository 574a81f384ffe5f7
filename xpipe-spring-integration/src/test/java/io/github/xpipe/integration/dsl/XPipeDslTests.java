package io.github.xpipe.integration.dsl;

import java.nio.file.Path;
import java.util.Locale;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.inbound.PipeInboundChannelAdapter;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.ErrorMessage;

import static io.github.xpipe.integration.test.IntegrationTestPipes.WAIT;
import static io.github.xpipe.integration.test.IntegrationTestPipes.bytes;
import static io.github.xpipe.integration.test.IntegrationTestPipes.contextRunner;
import static io.github.xpipe.integration.test.IntegrationTestPipes.reader;
import static io.github.xpipe.integration.test.IntegrationTestPipes.text;
import static io.github.xpipe.integration.test.IntegrationTestPipes.writer;
import static org.assertj.core.api.Assertions.assertThat;

/** Integration flows built with {@link XPipe}'s specs, on real FIFOs. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeDslTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return contextRunner(this.temp.resolve("pipes"), "xpipe.pipes.requests.direction=inbound",
				"xpipe.pipes.replies.direction=outbound", "xpipe.pipes.replies.framing=base64",
				"xpipe.pipes.audit.direction=outbound", "xpipe.pipes.audit.connect-timeout=100ms");
	}

	@Test
	void aFlowFromOnePipeThroughATransformerToAnotherRoundTrips() {
		runner().withUserConfiguration(UppercaseFlow.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(PipeInboundChannelAdapter.class).getListenerId()).isEqualTo("uppercase");
			try (ReadPipeEnd replies = reader(context, "replies", new Base64Codec());
					WritePipeEnd requests = writer(context, "requests", new LengthCrc32Codec())) {
				requests.write(bytes("hello"));
				requests.write(bytes("pipes"));
				assertThat(text(replies.read(WAIT))).isEqualTo("HELLO from requests");
				assertThat(text(replies.read(WAIT))).isEqualTo("PIPES from requests");
			}
		});
	}

	@Test
	void aFunctionChoosesThePipeAndAsynchronousFailuresReachTheFailureChannel() {
		runner().withUserConfiguration(RoutingFlow.class).run((context) -> {
			assertThat(context).hasNotFailed();
			QueueChannel failures = context.getBean("failures", QueueChannel.class);
			try (ReadPipeEnd replies = reader(context, "replies", new Base64Codec());
					WritePipeEnd requests = writer(context, "requests", new LengthCrc32Codec())) {
				requests.write(bytes("replies:kept"));
				assertThat(text(replies.read(WAIT))).isEqualTo("replies:kept");
				// nobody reads the audit pipe: the send times out after the pipe's connect timeout
				requests.write(bytes("audit:lost"));
				Message<?> failure = failures.receive(WAIT.toMillis());
				assertThat(failure).isInstanceOf(ErrorMessage.class);
				assertThat(failure.getPayload()).isInstanceOf(MessageHandlingException.class);
				assertThat((Throwable) failure.getPayload()).cause().isInstanceOf(PipeSendException.class);
				Message<?> original = ((ErrorMessage) failure).getOriginalMessage();
				assertThat(original).isNotNull();
				assertThat(text((byte[]) original.getPayload())).isEqualTo("audit:lost");
				assertThat(original.getHeaders()).containsEntry(XPipeHeaders.PIPE, "requests");
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class UppercaseFlow {

		@Bean
		IntegrationFlow uppercase(PipeListenerContainerFactory<?> containerFactory, XPipeOperations template) {
			return IntegrationFlow.from(XPipe.inboundChannelAdapter(containerFactory, "requests")
				.listenerId("uppercase")
				.payloadType(String.class))
				.<String, String>transform((text) -> text.toUpperCase(Locale.ROOT))
				.enrichHeaders((headers) -> headers.headerFunction("suffix",
						(message) -> " from " + message.getHeaders().get(XPipeHeaders.PIPE)))
				.<String>handle((payload, headers) -> payload + headers.get("suffix"))
				.handle(XPipe.outboundChannelAdapter(template).pipe("replies"))
				.get();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class RoutingFlow {

		@Bean
		QueueChannel failures() {
			return new QueueChannel();
		}

		@Bean
		IntegrationFlow routing(PipeListenerContainerFactory<?> containerFactory, XPipeOperations template,
				QueueChannel failures) {
			return IntegrationFlow.from(XPipe.inboundChannelAdapter(containerFactory, "requests"))
				.handle(XPipe.outboundChannelAdapter(template)
					.pipeFunction((message) -> text((byte[]) message.getPayload()).split(":")[0])
					.sync(false)
					.sendFailureChannel(failures))
				.get();
		}

	}


}
