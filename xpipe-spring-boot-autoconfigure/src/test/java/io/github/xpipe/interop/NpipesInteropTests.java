package io.github.xpipe.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.autoconfigure.XPipeEventAutoConfiguration;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.event.PipeFrameRejectedEvent;
import io.github.xpipe.support.converter.UnencodableStringException;
import io.github.xpipe.test.NpipesPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static io.github.xpipe.test.BlockingQueues.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * xpipe and the Python npipes library, as npipes' code behaves ({@code npipes_peer.py}: big-endian
 * frames, a CRC of 0 unless asked, ASCII text, one connection per message), over real FIFOs: a
 * default listener takes what a default npipes sender sends, and a pipe set to {@code peer: npipes}
 * writes what npipes' receiver reads.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class NpipesInteropTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final int COUNT = 100;

	@TempDir
	Path baseDir;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class, XPipeEventAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + this.baseDir);
	}

	@ParameterizedTest(name = "npipes sender options: {0}")
	@ValueSource(strings = { "", "--crc" })
	void aDefaultListenerTakesEveryMessageOfADefaultNpipesSender(String options) {
		contextRunner().withUserConfiguration(Inbox.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				List<String> sent;
				try (NpipesPeer sender = NpipesPeer.sender(this.baseDir.resolve("inbox"), COUNT,
						options.isEmpty() ? new String[0] : new String[] { options })) {
					sent = sender.awaitLines(TIMEOUT);
				}
				assertThat(sent).hasSize(COUNT);
				Inbox inbox = context.getBean(Inbox.class);
				assertThat(take(inbox.received, COUNT, TIMEOUT)).containsExactlyElementsOf(sent);
				assertThat(inbox.rejected).isEmpty();
			});
	}

	@ParameterizedTest(name = "npipes receiver options: {0}")
	@ValueSource(strings = { "", "--crc" })
	void npipesReadsEveryMessageOfAPipeSetToItsPreset(String options) {
		contextRunner()
			.withPropertyValues("xpipe.pipes.outbox.direction=outbound", "xpipe.pipes.outbox.peer=npipes",
					"xpipe.pipes.outbox.connect-timeout=30s")
			.run((context) -> {
				XPipeOperations template = context.getBean(XPipeOperations.class);
				try (NpipesPeer receiver = NpipesPeer.receiver(this.baseDir.resolve("outbox"), COUNT,
						options.isEmpty() ? new String[0] : new String[] { options })) {
					List<String> expected = new ArrayList<>();
					for (int i = 0; i < COUNT; i++) {
						String text = "reply " + i + " " + "x".repeat(i * 37);
						template.convertAndSend("outbox", text);
						expected.add("ok " + text);
					}
					assertThat(receiver.awaitLines(TIMEOUT)).containsExactlyElementsOf(expected);
				}
			});
	}

	@Test
	void textNpipesCannotReadIsRefusedWithATypedErrorAndNothingIsSent() {
		contextRunner()
			.withPropertyValues("xpipe.pipes.outbox.direction=outbound", "xpipe.pipes.outbox.peer=npipes",
					"xpipe.pipes.outbox.connect-timeout=30s")
			.run((context) -> {
				XPipeOperations template = context.getBean(XPipeOperations.class);
				try (NpipesPeer receiver = NpipesPeer.receiver(this.baseDir.resolve("outbox"), 1)) {
					assertThatExceptionOfType(PipeSendException.class)
						.isThrownBy(() -> template.convertAndSend("outbox", "caf\u00e9"))
						.havingCause()
						.isInstanceOf(UnencodableStringException.class)
						.withMessageContaining("cannot be encoded in US-ASCII: '\u00e9' (U+00E9) at index 3");
					template.convertAndSend("outbox", "cafe");
					assertThat(receiver.awaitLines(TIMEOUT)).containsExactly("ok cafe");
				}
			});
	}

	@Test
	void aListenerPinnedToLittleEndianNamesTheSettingAnNpipesSenderNeeds() {
		contextRunner().withUserConfiguration(Inbox.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound", "xpipe.pipes.inbox.read-byte-order=pinned")
			.run((context) -> {
				try (NpipesPeer sender = NpipesPeer.sender(this.baseDir.resolve("inbox"), 3)) {
					sender.awaitLines(TIMEOUT);
				}
				Inbox inbox = context.getBean(Inbox.class);
				// one rejection per stream: the senders' connections may run into one when they follow closely
				await().atMost(TIMEOUT).until(() -> !byteOrderRejections(inbox).isEmpty());
				assertThat(inbox.received).as("messages delivered").isEmpty();
				assertThat(byteOrderRejections(inbox)).allSatisfy((event) -> assertThat(event.getException().getMessage())
					.contains("big-endian length-crc32 frame", "on a pipe pinned to little-endian",
							"xpipe.pipes.<name>.byte-order: big-endian", "xpipe.pipes.<name>.read-byte-order: detect"));
			});
	}

	private static List<PipeFrameRejectedEvent> byteOrderRejections(Inbox inbox) {
		return inbox.rejected.stream().filter((event) -> event.getReason() == FrameException.Reason.BYTE_ORDER).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class Inbox {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final List<PipeFrameRejectedEvent> rejected = new CopyOnWriteArrayList<>();

		@PipeListener("inbox")
		void on(String text) {
			this.received.add(text);
		}

		@EventListener
		void onRejected(PipeFrameRejectedEvent event) {
			this.rejected.add(event);
		}

	}

}
