package io.github.xpipe.stream.binder.windows;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.stream.binder.UppercaseApp;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The binder on Windows named pipes: a {@code Function<String, String>} whose input destination is
 * a bare name and whose output destination is a {@code \\.\pipe\} path, both provisioned at run time
 * as pipes the application serves, driven by a plain writer and reader in both framings and on
 * message pipes; the pipes are there while the application runs and gone once it is closed.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsBinderIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String PIPE_PREFIX = "\\\\.\\pipe\\";

	private static final PipeOptions MESSAGE = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String words = uniqueName("words");

	private final String shouts = PIPE_PREFIX + uniqueName("shouts");

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	/** A pipe name no other test (or test run) uses. */
	private static String uniqueName(String purpose) {
		return "xpipe-test-binder-" + purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	@Test
	void functionAnswersThroughPipesProvisionedAtRunTimeThatAreGoneOnceTheApplicationCloses() throws Exception {
		FrameCodec input = new Base64Codec();
		FrameCodec output = LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN).build();
		String wordsPath = PIPE_PREFIX + this.words;
		try (ConfigurableApplicationContext context = start(
				"spring.cloud.stream.xpipe.bindings.uppercase-in-0.consumer.framing=base64",
				"spring.cloud.stream.xpipe.bindings.uppercase-out-0.producer.byte-order=big-endian")) {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			assertProvisioned(registry, this.words, wordsPath, PipeDirection.INBOUND);
			assertProvisioned(registry, this.shouts, this.shouts, PipeDirection.OUTBOUND);
			assertRoundTrip(NamedPipe.of(wordsPath), input, NamedPipe.of(this.shouts), output, 10);
		}
		// a writer of the input pipe and a reader of the output pipe find no such name (not a busy one)
		assertNoServer(() -> new WritePipeEnd(wordsPath, input).open(Duration.ofMillis(500)).close());
		assertNoServer(() -> new ReadPipeEnd(this.shouts, output).open(Duration.ofMillis(500)).close());
	}

	@Test
	void functionAnswersThroughMessagePipesProvisionedAtRunTime() throws Exception {
		try (ConfigurableApplicationContext context = start("spring.cloud.stream.xpipe.default.consumer.pipe-mode=message",
				"spring.cloud.stream.xpipe.default.producer.pipe-mode=message")) {
			assertRoundTrip(NamedPipe.of(PIPE_PREFIX + this.words, MESSAGE), new LengthCrc32Codec(),
					NamedPipe.of(this.shouts, MESSAGE), new LengthCrc32Codec(), 5);
		}
	}

	/** The application: words (a bare name) to uppercase to shouts (a path), with these properties. */
	private ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off",
				"spring.cloud.function.definition=uppercase",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=" + this.words,
				"spring.cloud.stream.bindings.uppercase-in-0.content-type=text/plain",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=" + this.shouts,
				// Spring Cloud Stream's default, application/json, would write "HELLO" with its quotes
				"spring.cloud.stream.bindings.uppercase-out-0.content-type=text/plain",
				"spring.cloud.stream.xpipe.default.producer.connect-timeout=30s"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(UppercaseApp.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** Writes this many words to the input pipe while reading their answers from the output pipe. */
	private void assertRoundTrip(NamedPipe inputPipe, FrameCodec input, NamedPipe outputPipe, FrameCodec output,
			int count) throws Exception {
		// on a message pipe a send returns once its reader has read it: read while writing
		Future<List<String>> answers = this.executor.submit(() -> {
			List<String> texts = new ArrayList<>();
			try (ReadPipeEnd reader = new ReadPipeEnd(outputPipe, output).open(TIMEOUT)) {
				while (texts.size() < count) {
					byte[] frame = reader.read(TIMEOUT);
					assertThat(frame).as("answer %d on %s", texts.size(), outputPipe.path()).isNotNull();
					texts.add(new String(frame, StandardCharsets.UTF_8));
				}
			}
			return texts;
		});
		List<String> expected = new ArrayList<>();
		try (WritePipeEnd writer = new WritePipeEnd(inputPipe, input).open(TIMEOUT)) {
			for (int i = 0; i < count; i++) {
				writer.write(("word " + i).getBytes(StandardCharsets.UTF_8));
				expected.add("WORD " + i);
			}
		}
		assertThat(answers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
	}

	private static void assertProvisioned(PipeRegistry registry, String name, String path, PipeDirection direction) {
		assertThat(registry.isProvisioned(name)).as("%s provisioned", name).isTrue();
		ManagedPipe pipe = registry.getPipe(name, "the test");
		assertThat(pipe.getPath()).isEqualTo(path);
		assertThat(pipe.getDirection()).isEqualTo(direction);
		assertThat(pipe.isRunning()).isTrue();
		assertThat(pipe.getNamedPipe().isCreated()).as("%s created", path).isTrue();
	}

	/** Opening a client end fails because no pipe of that name exists, not because its instances are busy. */
	private static void assertNoServer(ThrowingCallable openAndClose) {
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(openAndClose)
			.withCauseInstanceOf(PipeNotFoundException.class);
	}

}
