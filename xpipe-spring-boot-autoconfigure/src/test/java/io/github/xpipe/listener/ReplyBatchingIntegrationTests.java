package io.github.xpipe.listener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeSendListener;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies leave in batches, on real FIFOs: the {@code @SendTo} replies to the messages of one read
 * are written together once the listener has handled the last of them, before the container reads
 * again; a lone request's reply leaves at once.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ReplyBatchingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final FrameCodec CODEC = new LengthCrc32Codec();

	@TempDir
	Path baseDir;

	@Test
	void theRepliesToOneReadAreWrittenTogetherAfterItsLastMessageAndALoneRequestIsAnsweredAtOnce() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withUserConfiguration(CountingEcho.class)
			.withPropertyValues("xpipe.base-dir=" + this.baseDir, "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.outbox.direction=outbound")
			.run((context) -> {
				CountingEcho echo = context.getBean(CountingEcho.class);
				try (ReadPipeEnd replies = new ReadPipeEnd(NamedPipe.of(this.baseDir.resolve("outbox").toString()), CODEC)
					.open(TIMEOUT);
						WritePipeEnd requests = new WritePipeEnd(NamedPipe.of(this.baseDir.resolve("inbox").toString()),
								CODEC)
							.open(TIMEOUT)) {
					// 40 requests buffered, then flushed in one write() of 840 bytes: atomic, so the container
					// reads them all at once
					for (int i = 0; i < 40; i++) {
						requests.buffer(request(i));
					}
					requests.flush();
					for (int i = 0; i < 40; i++) {
						assertThat(new String(replies.read(TIMEOUT), StandardCharsets.US_ASCII)).isEqualTo(reply(i));
					}
					assertThat(echo.sentWhenHandled).as("replies written while the read's messages were handled")
						.containsOnly(0);
					// the send listeners are told once the batch's write returned, which may be after the
					// replies were read
					await().atMost(TIMEOUT).untilAsserted(() -> assertThat(echo.sent).hasValue(40));
					requests.write(request(40));
					assertThat(new String(replies.read(TIMEOUT), StandardCharsets.US_ASCII)).isEqualTo(reply(40));
				}
			});
	}

	@Test
	void listenerThreadsSendTheRepliesToTheMessagesWaitingForThemTogether() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withUserConfiguration(HeldEcho.class)
			.withPropertyValues("xpipe.base-dir=" + this.baseDir, "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.outbox.direction=outbound")
			.run((context) -> {
				HeldEcho echo = context.getBean(HeldEcho.class);
				try (ReadPipeEnd replies = new ReadPipeEnd(NamedPipe.of(this.baseDir.resolve("outbox").toString()), CODEC)
					.open(TIMEOUT);
						WritePipeEnd requests = new WritePipeEnd(NamedPipe.of(this.baseDir.resolve("inbox").toString()),
								CODEC)
							.open(TIMEOUT)) {
					for (int i = 0; i < 8; i++) {
						requests.buffer(request(i));
					}
					requests.flush();
					// both listener threads hold a request; the six others wait in the hand-off queue
					await().atMost(TIMEOUT).until(() -> echo.received.get() == 8 && echo.holding.get() == 2);
					echo.release.countDown();
					List<String> received = new ArrayList<>();
					for (int i = 0; i < 8; i++) {
						received.add(new String(replies.read(TIMEOUT), StandardCharsets.US_ASCII));
					}
					assertThat(received).containsExactlyInAnyOrder(reply(0), reply(1), reply(2), reply(3), reply(4),
							reply(5), reply(6), reply(7));
					await().atMost(TIMEOUT).untilAsserted(() -> assertThat(echo.runs).as("one batch per listener thread")
						.hasSize(2)
						.satisfies((runs) -> assertThat(runs.get(0) + runs.get(1)).isEqualTo(8)));
				}
			});
	}

	private static byte[] request(int i) {
		return String.format("request%02d", i).getBytes(StandardCharsets.US_ASCII);
	}

	private static String reply(int i) {
		return String.format("REQUEST%02d", i);
	}

	/**
	 * Echoes in upper case on two listener threads, each holding its first request until released;
	 * counts the messages the container received and the replies sent per batch.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HeldEcho {

		final AtomicInteger received = new AtomicInteger();

		final AtomicInteger holding = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		final List<Integer> runs = new CopyOnWriteArrayList<>();

		@Bean
		PipeContainerListener receivedCounter() {
			return new PipeContainerListener() {

				@Override
				public void messagesReceived(String pipeName, int messages, long bytes) {
					HeldEcho.this.received.addAndGet(messages);
				}

			};
		}

		@Bean
		PipeSendListener runRecorder() {
			return new PipeSendListener() {

				@Override
				public void messagesSent(String pipeName, int messages, long bytes) {
					HeldEcho.this.runs.add(messages);
				}

			};
		}

		@PipeListener(value = "inbox", concurrency = "2")
		@SendTo("outbox")
		String echo(String request) throws InterruptedException {
			if (this.holding.get() < 2) {
				this.holding.incrementAndGet();
				this.release.await();
			}
			return request.toUpperCase();
		}

	}

	/** Echoes in upper case, noting how many replies were already written when each request was handled. */
	@Configuration(proxyBeanMethods = false)
	static class CountingEcho {

		final AtomicInteger sent = new AtomicInteger();

		final List<Integer> sentWhenHandled = new CopyOnWriteArrayList<>();

		@Bean
		PipeSendListener countingSendListener() {
			return new PipeSendListener() {

				@Override
				public void messageSent(String pipeName, int size) {
					CountingEcho.this.sent.incrementAndGet();
				}

			};
		}

		@PipeListener("inbox")
		@SendTo("outbox")
		String echo(String request) {
			this.sentWhenHandled.add(this.sent.get());
			return request.toUpperCase();
		}

	}

}
