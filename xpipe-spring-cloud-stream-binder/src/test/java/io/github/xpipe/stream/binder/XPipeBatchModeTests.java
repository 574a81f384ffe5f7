package io.github.xpipe.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Consumer bindings with {@code batch-mode: true}: the function takes the messages of one read of
 * the pipe as a list, and a function's list result leaves as one frame per element.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeBatchModeTests {

	private static final int FRAMES = 200;

	@TempDir
	Path temp;

	@Test
	void consumerTakesTheMessagesOfEachReadAsOneList() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext context = BinderApps.start(BatchApp.class, pipes,
				"spring.cloud.function.definition=collect",
				"spring.cloud.stream.bindings.collect-in-0.destination=notes",
				"spring.cloud.stream.bindings.collect-in-0.content-type=application/octet-stream",
				"spring.cloud.stream.bindings.collect-in-0.consumer.batch-mode=true")) {
			try (WritePipeEnd notes = BinderApps.writer(pipes.resolve("notes"), new LengthCrc32Codec())) {
				for (int i = 0; i < FRAMES; i++) {
					notes.write(("note " + i).getBytes(StandardCharsets.UTF_8));
				}
			}
			@SuppressWarnings("unchecked")
			BlockingQueue<Message<List<byte[]>>> batches = context.getBean("batches", BlockingQueue.class);
			List<String> received = new ArrayList<>();
			await().atMost(BinderApps.WAIT).untilAsserted(() -> {
				for (Message<List<byte[]>> batch = batches.poll(); batch != null; batch = batches.poll()) {
					List<byte[]> payloads = batch.getPayload();
					assertThat(payloads).isNotEmpty();
					@SuppressWarnings("unchecked")
					List<Map<String, Object>> headers = (List<Map<String, Object>>) batch.getHeaders()
						.get(BinderHeaders.BATCH_HEADERS);
					assertThat(headers).hasSameSizeAs(payloads)
						.allSatisfy((each) -> assertThat(each).containsEntry(XPipeHeaders.PIPE, "notes"));
					payloads.forEach((payload) -> received.add(new String(payload, StandardCharsets.UTF_8)));
				}
				assertThat(received).hasSize(FRAMES);
			});
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < FRAMES; i++) {
				expected.add("note " + i);
			}
			assertThat(received).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void listResultOfABatchFunctionLeavesAsOneFramePerElement() throws Exception {
		assertEchoedOneFramePerElement("spring.cloud.stream.bindings.echo-out-0.content-type=application/octet-stream");
	}

	@Test
	void listOfBytesLeavesAsOneFramePerElementWithNativeEncoding() throws Exception {
		assertEchoedOneFramePerElement("spring.cloud.stream.bindings.echo-out-0.producer.use-native-encoding=true");
	}

	/** The batch echo, its output binding set up by {@code outputSetting}, answers each request with one frame. */
	private void assertEchoedOneFramePerElement(String outputSetting) throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext context = BinderApps.start(BatchApp.class, pipes,
				"spring.cloud.function.definition=echo",
				"spring.cloud.stream.bindings.echo-in-0.destination=requests",
				"spring.cloud.stream.bindings.echo-in-0.content-type=application/octet-stream",
				"spring.cloud.stream.bindings.echo-in-0.consumer.batch-mode=true",
				"spring.cloud.stream.bindings.echo-out-0.destination=replies", outputSetting)) {
			try (ReadPipeEnd replies = BinderApps.reader(pipes.resolve("replies"), new LengthCrc32Codec());
					WritePipeEnd requests = BinderApps.writer(pipes.resolve("requests"), new LengthCrc32Codec())) {
				for (int i = 0; i < FRAMES; i++) {
					requests.write(("request " + i).getBytes(StandardCharsets.UTF_8));
				}
				for (int i = 0; i < FRAMES; i++) {
					assertThat(BinderApps.read(replies)).asString(StandardCharsets.UTF_8).isEqualTo("request " + i);
				}
			}
		}
	}

	@Test
	void batchModeWithMoreThanOneThreadStopsTheApplicationSayingWhatToChange() {
		Path pipes = this.temp.resolve("pipes");
		assertThatException().isThrownBy(() -> BinderApps.start(BatchApp.class, pipes,
				"spring.cloud.function.definition=collect", "spring.cloud.stream.binding-retry-interval=0",
				"spring.cloud.stream.bindings.collect-in-0.destination=notes",
				"spring.cloud.stream.bindings.collect-in-0.consumer.batch-mode=true",
				"spring.cloud.stream.bindings.collect-in-0.consumer.concurrency=2").close())
			.satisfies((ex) -> assertThat(ex).rootCause()
				.hasMessageContaining("concurrency is 2")
				.hasMessageContaining("set the binding's concurrency to 1 or batch-mode to false"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BatchApp {

		@Bean
		BlockingQueue<Message<List<byte[]>>> batches() {
			return new LinkedBlockingQueue<>();
		}

		@Bean
		Consumer<Message<List<byte[]>>> collect(BlockingQueue<Message<List<byte[]>>> batches) {
			return batches::add;
		}

		@Bean
		Function<List<byte[]>, List<byte[]>> echo() {
			return (payloads) -> payloads;
		}

	}

}
