package io.github.xpipe.integration.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.dsl.XPipe;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

import static io.github.xpipe.integration.test.IntegrationTestPipes.bytes;
import static io.github.xpipe.integration.test.IntegrationTestPipes.path;
import static io.github.xpipe.integration.test.IntegrationTestPipes.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration flows on Windows named pipes: the inbound channel adapter on a pipe the application
 * serves, a transformer, and the outbound channel adapter writing to a pipe the application serves
 * or to one another party serves, in both framings, on byte and message pipes; the other side is the
 * plain API on threads of the test.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsIntegrationFlowIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final PipeOptions MESSAGE = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String requests = uniqueName("requests");

	private final String replies = uniqueName("replies");

	private final String orders = uniqueName("orders");

	private final String receipts = uniqueName("receipts");

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	/** A pipe name no other test (or test run) uses. */
	private static String uniqueName(String purpose) {
		return "xpipe-test-integration-" + purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withUserConfiguration(Flows.class)
			.withPropertyValues("xpipe.pipes.requests.path=" + this.requests, "xpipe.pipes.requests.direction=inbound",
					"xpipe.pipes.replies.path=" + this.replies, "xpipe.pipes.replies.direction=outbound",
					"xpipe.pipes.replies.framing=base64", "xpipe.pipes.replies.connect-timeout=30s",
					"xpipe.pipes.orders.path=" + this.orders, "xpipe.pipes.orders.direction=inbound",
					"xpipe.pipes.orders.framing=base64", "xpipe.pipes.receipts.path=" + this.receipts,
					"xpipe.pipes.receipts.direction=outbound", "xpipe.pipes.receipts.connect-timeout=30s");
	}

	@Test
	void flowsRoundTripInBothFramingsToServedPipesAndToAPipeAnotherPartyServes() throws Exception {
		// the receipts pipe is another party's: the application connects to it as a client
		try (NamedPipe served = NamedPipe.of(this.receipts, PipeOptions.defaults().withDirection(PipeDirection.INBOUND))
			.create()) {
			contextRunner().withPropertyValues("xpipe.pipes.receipts.create=false").run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(path(context, "requests")).isEqualTo("\\\\.\\pipe\\" + this.requests);
				assertThat(path(context, "replies")).isEqualTo("\\\\.\\pipe\\" + this.replies);
				Future<List<String>> replied = readAll(NamedPipe.of(this.replies), new Base64Codec(), 20);
				Future<List<String>> receipted = this.executor.submit(() -> {
					try (ReadPipeEnd in = new ReadPipeEnd(served, new LengthCrc32Codec()).open(TIMEOUT)) {
						return read(in, 20);
					}
				});
				List<String> words = new ArrayList<>();
				try (WritePipeEnd toRequests = new WritePipeEnd(this.requests, new LengthCrc32Codec()).open(TIMEOUT);
						WritePipeEnd toOrders = new WritePipeEnd(this.orders, new Base64Codec()).open(TIMEOUT)) {
					for (int i = 0; i < 20; i++) {
						words.add("word " + i);
						toRequests.write(bytes("word " + i));
						toOrders.write(bytes("order " + i));
					}
				}
				assertThat(replied.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactlyElementsOf(
						words.stream().map((word) -> word.toUpperCase(Locale.ROOT) + " from requests").toList());
				List<String> expectedReceipts = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					expectedReceipts.add("received " + new StringBuilder("order " + i).reverse());
				}
				assertThat(receipted.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expectedReceipts);
			});
		}
	}

	@Test
	void flowRoundTripsThroughServedMessagePipes() {
		contextRunner()
			.withPropertyValues("xpipe.pipes.requests.pipe-mode=message", "xpipe.pipes.replies.pipe-mode=message")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// a message send returns once its reader has read it: read while the flow sends
				Future<List<String>> replied = readAll(NamedPipe.of(this.replies, MESSAGE), new Base64Codec(), 3);
				try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(this.requests, MESSAGE), new LengthCrc32Codec())
					.open(TIMEOUT)) {
					for (String word : List.of("one", "two", "three")) {
						out.write(bytes(word));
					}
				}
				assertThat(replied.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly("ONE from requests",
						"TWO from requests", "THREE from requests");
			});
	}

	/** Reads this many frames from the pipe, as a client, on a thread of the test. */
	private Future<List<String>> readAll(NamedPipe pipe, FrameCodec codec, int count) {
		return this.executor.submit(() -> {
			try (ReadPipeEnd in = new ReadPipeEnd(pipe, codec).open(TIMEOUT)) {
				return read(in, count);
			}
		});
	}

	private static List<String> read(ReadPipeEnd in, int count) throws Exception {
		List<String> texts = new ArrayList<>();
		while (texts.size() < count) {
			byte[] frame = in.read(TIMEOUT);
			assertThat(frame).as("frame %d of %s", texts.size(), in.pipe().path()).isNotNull();
			texts.add(text(frame));
		}
		return texts;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Flows {

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

		@Bean
		IntegrationFlow receipts(PipeListenerContainerFactory<?> containerFactory, XPipeOperations template) {
			return IntegrationFlow.from(XPipe.inboundChannelAdapter(containerFactory, "orders")
				.listenerId("receipts")
				.payloadType(String.class))
				.<String, String>transform((text) -> "received " + new StringBuilder(text).reverse())
				.handle(XPipe.outboundChannelAdapter(template).pipe("receipts"))
				.get();
		}

	}

}
