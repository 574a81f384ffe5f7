package io.github.xpipe.autoconfigure.windows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
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
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

import static io.github.xpipe.test.BlockingQueues.take;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter on Windows named pipes: {@code @PipeListener} on a pipe the application serves, the
 * template as a client of a pipe another party serves, and a {@code @SendTo} round trip; the other
 * side is the plain API on threads of the test.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsStarterIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String inbox = uniqueName("inbox");

	private final String outbox = uniqueName("outbox");

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	/** A pipe name no other test (or test run) uses. */
	static String uniqueName(String purpose) {
		return "xpipe-test-starter-" + purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withPropertyValues("xpipe.pipes.inbox.path=" + this.inbox, "xpipe.pipes.inbox.direction=inbound");
	}

	@Test
	void aListenerOnAServedPipeReceivesConcurrentWritersEachInOrder() {
		contextRunner().withUserConfiguration(TextListener.class).run((context) -> {
			int writers = 3;
			int messages = 50;
			List<Future<?>> sending = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				sending.add(this.executor.submit(() -> {
					try (WritePipeEnd out = new WritePipeEnd(this.inbox, new LengthCrc32Codec()).open(TIMEOUT)) {
						for (int i = 0; i < messages; i++) {
							out.write((writer + ":" + i).getBytes(StandardCharsets.UTF_8));
						}
					}
					return null;
				}));
			}
			for (Future<?> future : sending) {
				future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			List<String> received = take(context.getBean(TextListener.class).received, writers * messages, TIMEOUT);
			assertThat(received).hasSize(writers * messages).allSatisfy((text) -> assertThat(text).endsWith("|inbox"));
			for (int writer = 0; writer < writers; writer++) {
				String prefix = writer + ":";
				List<String> own = received.stream().filter((text) -> text.startsWith(prefix)).toList();
				List<String> expected = new ArrayList<>();
				for (int i = 0; i < messages; i++) {
					expected.add(prefix + i + "|inbox");
				}
				assertThat(own).as("writer %d's messages in order", writer).isEqualTo(expected);
			}
		});
	}

	@Test
	void theTemplateIsAClientOfAPipeAnotherPartyServes() throws Exception {
		try (NamedPipe served = NamedPipe.of(this.outbox, PipeOptions.defaults().withDirection(PipeDirection.INBOUND)).create();
				ReadPipeEnd in = new ReadPipeEnd(served, new Base64Codec()).open(TIMEOUT)) {
			contextRunner()
				.withPropertyValues("xpipe.pipes.outbox.path=" + this.outbox, "xpipe.pipes.outbox.direction=outbound",
						"xpipe.pipes.outbox.create=false", "xpipe.pipes.outbox.framing=base64",
						"xpipe.pipes.outbox.connect-timeout=20s")
				.run((context) -> {
					XPipeOperations template = context.getBean(XPipeOperations.class);
					template.send("outbox", new byte[] { 0, 1, 2, (byte) 0xff });
					template.convertAndSend("outbox", "text");
					assertThat(in.read(TIMEOUT)).containsExactly(0, 1, 2, 0xff);
					assertThat(new String(in.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("text");
				});
		}
	}

	@Test
	void queuedSendsReachAPipeAnotherPartyServesInOrder() throws Exception {
		try (NamedPipe served = NamedPipe.of(this.outbox, PipeOptions.defaults().withDirection(PipeDirection.INBOUND)).create();
				ReadPipeEnd in = new ReadPipeEnd(served, new LengthCrc32Codec()).open(TIMEOUT)) {
			contextRunner()
				.withPropertyValues("xpipe.pipes.outbox.path=" + this.outbox, "xpipe.pipes.outbox.direction=outbound",
						"xpipe.pipes.outbox.create=false", "xpipe.pipes.outbox.send-mode=queued",
						"xpipe.pipes.outbox.connect-timeout=20s")
				.run((context) -> {
					XPipeOperations template = context.getBean(XPipeOperations.class);
					int count = 5000;
					for (int i = 0; i < count; i++) {
						template.convertAndSend("outbox", "message " + i);
					}
					template.flush("outbox");
					for (int i = 0; i < count; i++) {
						assertThat(new String(in.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("message " + i);
					}
				});
		}
	}

	@Test
	void sendToAnswersThroughAPipeTheApplicationServes() {
		contextRunner().withUserConfiguration(EchoListener.class)
			.withPropertyValues("xpipe.pipes.outbox.path=" + this.outbox, "xpipe.pipes.outbox.direction=outbound",
					"xpipe.pipes.outbox.byte-order=big-endian", "xpipe.pipes.outbox.connect-timeout=20s")
			.run((context) -> {
				LengthCrc32Codec bigEndian = new LengthCrc32Codec(java.nio.ByteOrder.BIG_ENDIAN, true,
						LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE);
				Future<List<String>> answers = this.executor.submit(() -> {
					List<String> texts = new ArrayList<>();
					try (ReadPipeEnd in = new ReadPipeEnd(this.outbox, bigEndian).open(TIMEOUT)) {
						while (texts.size() < 3) {
							texts.add(new String(in.read(), StandardCharsets.UTF_8));
						}
					}
					return texts;
				});
				try (WritePipeEnd out = new WritePipeEnd(this.inbox, new LengthCrc32Codec()).open(TIMEOUT)) {
					for (String text : List.of("one", "two", "three")) {
						out.write(text.getBytes(StandardCharsets.UTF_8));
					}
				}
				assertThat(answers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly("ONE", "TWO", "THREE");
			});
	}

	static class TextListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@PipeListener("inbox")
		void on(String text, @Header(XPipeHeaders.PIPE) String pipe) {
			this.received.add(text + "|" + pipe);
		}

	}

	static class EchoListener {

		@PipeListener("inbox")
		@SendTo("outbox")
		byte[] echo(Message<String> message) {
			return message.getPayload().toUpperCase().getBytes(StandardCharsets.UTF_8);
		}

	}

}
