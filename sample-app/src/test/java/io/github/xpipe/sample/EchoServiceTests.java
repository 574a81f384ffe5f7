package io.github.xpipe.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.github.xpipe.test.PipeTestClient;
import io.github.xpipe.test.PipeTestDirectory;
import io.github.xpipe.test.PipeTestWriter;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The echo service in the real application, driven through its pipes by the test client: every
 * message comes back on {@code outbox}, in order, in each framing, and bad frames on {@code inbox}
 * are dropped without stopping it.
 */
@SpringBootTest
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
class EchoServiceTests {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	PipeTestClient client;

	@Autowired
	PipeTestDirectory pipes;

	@Test
	void echoesEveryMessageBackInOrder() throws Exception {
		assertEchoes(this.client);
	}

	@Test
	void createsOwnerOnlyPipesInItsBaseDirectory() throws Exception {
		assertThat(this.client.pipeNames()).containsExactly("inbox", "outbox", "orders", "receipts");
		for (String pipe : this.client.pipeNames()) {
			Path path = Path.of(this.client.endpoint(pipe).path());
			assertThat(path).hasParent(this.pipes.path());
			assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		}
	}

	@Test
	void dropsBadFramesAndEchoesTheMessagesAroundThem() {
		PipeTestWriter inbox = this.client.writer("inbox");
		inbox.send("before");
		inbox.sendWithBadCrc(bytes("corrupt"));
		inbox.sendRaw(new byte[] { 1, 2, 3 });
		inbox.sendTruncated(bytes("cut short"));
		inbox.send("after a truncated frame");
		inbox.sendMalformedHeader();
		inbox.send("after a malformed header");
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("before");
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after a truncated frame");
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after a malformed header");
	}

	/** Sends messages of many sizes, from empty to 200 KiB, and expects each back in order. */
	static void assertEchoes(PipeTestClient client) throws Exception {
		List<String> messages = new ArrayList<>();
		IntStream.range(0, 1000).forEach((i) -> messages.add("message " + i + " " + "x".repeat(i % 97)));
		messages.add("");
		messages.add("Grüße, 世界 ✓");
		messages.add("y".repeat(200 * 1024));
		messages.add("last");
		// sent from another thread: the pipes hold less than all of them
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> messages.forEach((m) -> client.send("inbox", m)));
		for (String message : messages) {
			assertThat(client.receive("outbox", String.class, TIMEOUT)).isEqualTo(message);
		}
		sending.get();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Nested
	@TestPropertySource(properties = { "xpipe.pipes.inbox.framing=base64", "xpipe.pipes.outbox.framing=base64" })
	class Base64Framing {

		@Test
		void echoesEveryMessageBackInOrder() throws Exception {
			assertEchoes(EchoServiceTests.this.client);
		}

		@Test
		void dropsInvalidBase64AndEchoesTheNextMessage() {
			PipeTestClient client = EchoServiceTests.this.client;
			client.writer("inbox").sendInvalidBase64();
			client.send("inbox", "after invalid base64");
			assertThat(client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after invalid base64");
		}

	}

	@Nested
	@TestPropertySource(properties = { "xpipe.pipes.inbox.byte-order=big-endian", "xpipe.pipes.outbox.byte-order=big-endian",
			"xpipe.pipes.inbox.crc=false", "xpipe.pipes.outbox.crc=false" })
	class BigEndianWithoutCrc {

		@Test
		void echoesEveryMessageBackInOrder() throws Exception {
			assertEchoes(EchoServiceTests.this.client);
		}

		@Test
		void hearsAWriterThatComputesNoCrc() {
			PipeTestClient client = EchoServiceTests.this.client;
			client.writer("inbox").sendWithoutCrc(bytes("no crc"));
			assertThat(client.receive("outbox", String.class, TIMEOUT)).isEqualTo("no crc");
		}

	}

}
