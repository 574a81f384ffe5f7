package io.github.xpipe.autoconfigure.windows;

import java.nio.ByteOrder;
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
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.test.BlockingQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter with {@code xpipe.pipes.<name>.pipe-mode: message} on Windows named pipes: a listener
 * on a message pipe the application serves, the template as a client of a message pipe another
 * party serves with npipes' framing, a {@code @SendTo} answer through a served message pipe, and a
 * setting that cannot go with message pipes refused at startup.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsMessagePipeStarterIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final PipeOptions MESSAGE = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final String inbox = WindowsStarterIntegrationTests.uniqueName("message-inbox");

	private final String outbox = WindowsStarterIntegrationTests.uniqueName("message-outbox");

	@AfterEach
	void stopExecutor() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withPropertyValues("xpipe.pipes.inbox.path=" + this.inbox, "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.inbox.pipe-mode=message", "xpipe.pipes.inbox.connect-timeout=30s");
	}

	@Test
	void aListenerOnAServedMessagePipeReceivesEveryMessageOfConcurrentWriters() {
		contextRunner().withUserConfiguration(TextListener.class).run((context) -> {
			int writers = 2;
			int messages = 25;
			List<Future<?>> sending = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				sending.add(this.executor.submit(() -> {
					try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(this.inbox, MESSAGE), new LengthCrc32Codec())
						.open(TIMEOUT)) {
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
			List<String> received = BlockingQueues.take(context.getBean(TextListener.class).received, writers * messages,
					Duration.ofSeconds(20));
			for (int writer = 0; writer < writers; writer++) {
				String prefix = writer + ":";
				List<String> expected = new ArrayList<>();
				for (int i = 0; i < messages; i++) {
					expected.add(prefix + i);
				}
				assertThat(received.stream().filter((text) -> text.startsWith(prefix)).toList())
					.as("writer %d's messages in order", writer).isEqualTo(expected);
			}
		});
	}

	@Test
	void theTemplateWithPeerNpipesSendsNpipesFramesToAMessagePipeAnotherPartyServes() throws Exception {
		// npipes reads big-endian only, from a message pipe
		LengthCrc32Codec npipes = LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN)
			.readByteOrder(LengthCrc32Codec.ReadByteOrder.PINNED).build();
		PipeOptions served = MESSAGE.withDirection(PipeDirection.INBOUND);
		try (NamedPipe pipe = NamedPipe.of(this.outbox, served).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, npipes).open(TIMEOUT)) {
			// the one setting for npipes: peer: npipes
			contextRunner()
				.withPropertyValues("xpipe.pipes.outbox.path=" + this.outbox, "xpipe.pipes.outbox.direction=outbound",
						"xpipe.pipes.outbox.create=false", "xpipe.pipes.outbox.peer=npipes",
						"xpipe.pipes.outbox.connect-timeout=30s")
				.run((context) -> {
					// a message send returns once its reader has read it: read while sending
					Future<List<String>> read = this.executor.submit(() -> {
						List<String> texts = new ArrayList<>();
						while (texts.size() < 20) {
							texts.add(new String(in.read(TIMEOUT), StandardCharsets.UTF_8));
						}
						return texts;
					});
					XPipeOperations template = context.getBean(XPipeOperations.class);
					List<String> sent = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						template.convertAndSend("outbox", "message " + i);
						sent.add("message " + i);
					}
					assertThat(read.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(sent);
				});
		}
	}

	@Test
	void sendToAnswersThroughAServedMessagePipeReadByAReconnectingReader() {
		contextRunner().withUserConfiguration(EchoListener.class)
			.withPropertyValues("xpipe.pipes.outbox.path=" + this.outbox, "xpipe.pipes.outbox.direction=outbound",
					"xpipe.pipes.outbox.pipe-mode=message", "xpipe.pipes.outbox.max-instances=1",
					"xpipe.pipes.outbox.connect-timeout=30s")
			.run((context) -> {
				Future<List<String>> answers = this.executor.submit(() -> {
					List<String> texts = new ArrayList<>();
					try (ReadPipeEnd in = new ReadPipeEnd(NamedPipe.of(this.outbox, MESSAGE), new LengthCrc32Codec())
						.open(TIMEOUT)) {
						while (texts.size() < 3) {
							texts.add(new String(in.read(), StandardCharsets.UTF_8));
						}
					}
					return texts;
				});
				try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(this.inbox, MESSAGE), new LengthCrc32Codec())
					.open(TIMEOUT)) {
					for (String text : List.of("one", "two", "three")) {
						out.write(text.getBytes(StandardCharsets.UTF_8));
					}
				}
				assertThat(answers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).containsExactly("ONE", "TWO", "THREE");
			});
	}

	@Test
	void aMessagePipeThatWouldBatchFramesFailsAtStartupSayingWhatToChange() {
		contextRunner().withPropertyValues("xpipe.pipes.inbox.single-writer=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("single-writer")
				.hasMessageContaining("pipe-mode: message");
		});
	}

	static class TextListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@PipeListener("inbox")
		void on(String text) {
			this.received.add(text);
		}

	}

	static class EchoListener {

		@PipeListener("inbox")
		@SendTo("outbox")
		byte[] echo(String text) {
			return text.toUpperCase().getBytes(StandardCharsets.UTF_8);
		}

	}

}
