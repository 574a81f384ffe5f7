package io.github.xpipe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.InvalidBase64Exception;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.MalformedFrameException;
import io.github.xpipe.codec.TruncatedFrameException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The test client against real FIFOs, with the plain-Java API on the application's side, and no
 * Spring on the class path (this package's tests run in a Surefire execution without it).
 */
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
class PipeTestClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	static Stream<Arguments> framings() {
		return Stream.of(arguments("length-crc32, little-endian, CRC", new LengthCrc32Codec()),
				arguments("length-crc32, big-endian, CRC", codec(ByteOrder.BIG_ENDIAN, true)),
				arguments("length-crc32, little-endian, no CRC", codec(ByteOrder.LITTLE_ENDIAN, false)),
				arguments("length-crc32, big-endian, no CRC", codec(ByteOrder.BIG_ENDIAN, false)),
				arguments("base64", new Base64Codec()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void sendsToAndReceivesFromTheApplicationsPipesInTheirFraming(String framing, FrameCodec codec,
			PipeTestDirectory pipes) throws Exception {
		List<byte[]> messages = List.of(new byte[0], bytes("hello"), bytes("Grüße ✓"), new byte[200 * 1024]);
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				NamedPipe outbox = pipes.pipe("outbox").create();
				ReadPipeEnd applicationReads = new ReadPipeEnd(inbox, codec).open();
				PipeTestClient client = client(pipes, codec)) {
			client.connect();
			// from other threads: a pipe may hold less than these messages
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> messages.forEach((m) -> client.send("inbox", m)));
			for (byte[] message : messages) {
				assertThat(applicationReads.read(TIMEOUT)).isEqualTo(message);
			}
			sending.get();
			try (WritePipeEnd applicationWrites = new WritePipeEnd(outbox, codec).open(TIMEOUT)) {
				CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> messages.forEach((m) -> {
					try {
						applicationWrites.write(m);
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}));
				for (byte[] message : messages) {
					assertThat(client.receive("outbox", TIMEOUT)).isEqualTo(message);
				}
				writing.get();
			}
		}
	}

	@Test
	void stringsTravelInThePipesCharsetAndOtherTypesThroughTheGivenConverter(PipeTestDirectory pipes)
			throws Exception {
		PayloadConverter upperCase = new PayloadConverter() {

			@Override
			public byte[] toBytes(Object payload, PipeEndpoint pipe) {
				return payload.toString().toUpperCase().getBytes(pipe.charset());
			}

			@Override
			public <T> T fromBytes(byte[] payload, Class<T> type, PipeEndpoint pipe) {
				return type.cast(new StringBuilder(new String(payload, pipe.charset())));
			}

		};
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				NamedPipe outbox = pipes.pipe("outbox").create();
				ReadPipeEnd applicationReads = new ReadPipeEnd(inbox, new LengthCrc32Codec()).open();
				PipeTestClient plain = PipeTestClient.builder()
					.baseDirectory(pipes.path())
					.charset(StandardCharsets.ISO_8859_1)
					.inbound("inbox")
					.outbound("outbox")
					.build();
				PipeTestClient converting = PipeTestClient.builder()
					.baseDirectory(pipes.path())
					.converter(upperCase)
					.inbound("inbox")
					.build()) {
			plain.connect();
			plain.send("inbox", "café");
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo("café".getBytes(StandardCharsets.ISO_8859_1));
			converting.send("inbox", new StringBuilder("shout"));
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("SHOUT"));
			assertThatIllegalArgumentException().isThrownBy(() -> plain.send("inbox", 42))
				.withMessageContaining("Cannot turn a java.lang.Integer into bytes for pipe 'inbox'")
				.withMessageContaining("PayloadConverter");
			try (WritePipeEnd applicationWrites = new WritePipeEnd(outbox, new LengthCrc32Codec()).open(TIMEOUT)) {
				applicationWrites.write("née".getBytes(StandardCharsets.ISO_8859_1));
				applicationWrites.write(bytes("7"));
			}
			assertThat(plain.receive("outbox", String.class, TIMEOUT)).isEqualTo("née");
			assertThatIllegalArgumentException().isThrownBy(() -> plain.receive("outbox", Integer.class, TIMEOUT))
				.withMessageContaining("into a java.lang.Integer");
		}
	}

	@Test
	void receiveFailsNamingThePipeWhenNothingArrivesInTime(PipeTestDirectory pipes) throws Exception {
		try (NamedPipe outbox = pipes.pipe("outbox").create(); PipeTestClient client = client(pipes, new Base64Codec())) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.receive("outbox", Duration.ofMillis(200)))
				.withMessage("No message on pipe 'outbox' (outbound, base64) at " + pipes.resolve("outbox")
						+ " within 200 ms (0 received before)");
		}
		try (PipeTestClient client = client(pipes, new Base64Codec())) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> client.receive("outbox", Duration.ofMillis(100)))
				.withMessageStartingWith("No pipe 'outbox' (outbound, base64) at " + pipes.resolve("outbox")
						+ " appeared within 100 ms: is the application running?");
		}
	}

	@Test
	void receiveWaitsForAPipeThatDoesNotExistYet(PipeTestDirectory pipes) throws Exception {
		try (PipeTestClient client = client(pipes, new LengthCrc32Codec())) {
			CompletableFuture<byte[]> receiving = CompletableFuture.supplyAsync(() -> client.receive("outbox", TIMEOUT));
			try (NamedPipe outbox = pipes.pipe("outbox").create();
					WritePipeEnd applicationWrites = new WritePipeEnd(outbox, new LengthCrc32Codec()).open(TIMEOUT)) {
				applicationWrites.write(bytes("late"));
				assertThat(receiving.get()).isEqualTo(bytes("late"));
			}
		}
	}

	@Test
	void aFrameTheApplicationShouldNotHaveWrittenFailsTheReceive(PipeTestDirectory pipes) throws Exception {
		try (NamedPipe outbox = pipes.pipe("outbox").create(); PipeTestClient client = client(pipes, new LengthCrc32Codec())) {
			client.connect();
			try (WritePipeEnd wrongFraming = new WritePipeEnd(outbox, new Base64Codec()).open(TIMEOUT)) {
				wrongFraming.write(bytes("base64 where length-crc32 is expected"));
			}
			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> client.receive("outbox", TIMEOUT))
				.withMessageStartingWith("The application wrote a frame the test client rejects to pipe 'outbox'");
		}
	}

	@Test
	void discardsWhatIsWaiting(PipeTestDirectory pipes) throws Exception {
		try (NamedPipe outbox = pipes.pipe("outbox").create(); PipeTestClient client = client(pipes, new LengthCrc32Codec())) {
			assertThat(client.reader("outbox").discardWaiting()).isZero();
			client.connect();
			try (WritePipeEnd applicationWrites = new WritePipeEnd(outbox, new LengthCrc32Codec()).open(TIMEOUT)) {
				applicationWrites.write(bytes("stale"));
				applicationWrites.write(bytes("stale too"));
			}
			assertThat(client.receive("outbox", TIMEOUT)).isEqualTo(bytes("stale"));
			assertThat(client.reader("outbox").discardWaiting()).isEqualTo(1);
		}
	}

	@Test
	void injectsBadLengthCrc32FramesAndTheReaderGoesOnWithTheNextMessage(PipeTestDirectory pipes) throws Exception {
		LengthCrc32Codec codec = codec(ByteOrder.BIG_ENDIAN, true);
		WriterDisconnectCounter disconnects = new WriterDisconnectCounter();
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				ApplicationReader application = new ApplicationReader(new ReadPipeEnd(inbox, codec).open(), disconnects);
				PipeTestClient client = inboxClient(pipes, codec, disconnects)) {
			PipeTestWriter writer = client.writer("inbox");
			writer.sendWithBadCrc(bytes("corrupt"));
			writer.send(bytes("after bad crc"));
			writer.sendTruncated(bytes("cut short"));
			writer.send(bytes("after truncated"));
			writer.sendMalformedHeader();
			writer.send(bytes("after malformed"));
			writer.sendRaw(codec.encode(bytes("raw")));
			assertThat(application.next()).isInstanceOf(CrcMismatchException.class);
			assertThat(application.next()).isEqualTo("after bad crc");
			assertThat(application.next()).isInstanceOf(TruncatedFrameException.class);
			assertThat(application.next()).isEqualTo("after truncated");
			assertThat(application.next()).isInstanceOf(MalformedFrameException.class);
			assertThat(application.next()).isEqualTo("after malformed");
			assertThat(application.next()).isEqualTo("raw");
			assertThatIllegalStateException().isThrownBy(writer::sendInvalidBase64)
				.withMessage("Pipe 'inbox' uses length-crc32, not base64: inject a malformed header, a bad CRC or a "
						+ "truncated frame instead");
		}
	}

	@Test
	void sendsFramesWithoutCrcAsAPeerThatComputesNoneDoes(PipeTestDirectory pipes) throws Exception {
		LengthCrc32Codec lenient = codec(ByteOrder.LITTLE_ENDIAN, false);
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				ReadPipeEnd applicationReads = new ReadPipeEnd(inbox, lenient).open();
				PipeTestClient client = client(pipes, lenient)) {
			client.writer("inbox").sendWithoutCrc(bytes("no crc"));
			client.writer("inbox").sendWithBadCrc(bytes("crc not checked"));
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("no crc"));
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("crc not checked"));
		}
	}

	@Test
	void injectsBadBase64FramesAndTheReaderGoesOnWithTheNextMessage(PipeTestDirectory pipes) throws Exception {
		Base64Codec codec = new Base64Codec();
		WriterDisconnectCounter disconnects = new WriterDisconnectCounter();
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				ApplicationReader application = new ApplicationReader(new ReadPipeEnd(inbox, codec).open(), disconnects);
				PipeTestClient client = inboxClient(pipes, codec, disconnects)) {
			PipeTestWriter writer = client.writer("inbox");
			writer.sendInvalidBase64();
			writer.send(bytes("after invalid"));
			writer.sendTruncated(bytes("cut short"));
			writer.send(bytes("after truncated"));
			assertThat(application.next()).isInstanceOf(InvalidBase64Exception.class);
			assertThat(application.next()).isEqualTo("after invalid");
			assertThat(application.next()).isInstanceOf(TruncatedFrameException.class);
			assertThat(application.next()).isEqualTo("after truncated");
			assertThatIllegalStateException().isThrownBy(writer::sendMalformedHeader)
				.withMessageContaining("Pipe 'inbox' uses base64: a malformed header exists only in length-crc32 frames");
			assertThatIllegalStateException().isThrownBy(() -> writer.sendWithBadCrc(bytes("x")))
				.withMessageContaining("a bad CRC exists only in length-crc32 frames");
			assertThatIllegalArgumentException().isThrownBy(() -> writer.sendTruncated(new byte[0]))
				.withMessageContaining("an empty message is a lone delimiter");
		}
	}

	@Test
	void writerWaitsForTheApplicationToSeeItsConnectionEndBeforeItConnectsAgain(PipeTestDirectory pipes)
			throws Exception {
		RecordingDisconnects disconnects = new RecordingDisconnects();
		try (NamedPipe inbox = pipes.pipe("inbox").create();
				ReadPipeEnd applicationReads = new ReadPipeEnd(inbox, new LengthCrc32Codec()).open();
				PipeTestClient client = PipeTestClient.builder()
					.baseDirectory(pipes.path())
					.inbound("inbox")
					.writerDisconnects(disconnects)
					.connectTimeout(Duration.ofMillis(300))
					.build()) {
			PipeTestWriter writer = client.writer("inbox");
			writer.send(bytes("one"));
			writer.disconnect();
			assertThatIllegalStateException().isThrownBy(() -> writer.send(bytes("too early")))
				.withMessageStartingWith("The application did not see the test client's last connection to pipe 'inbox'")
				.withMessageContaining("within 300 ms");
			assertThat(disconnects.waitedFor).containsExactly(0L);
			writer.send(bytes("two"));
			writer.disconnect();
			disconnects.seen = 2;
			writer.send(bytes("three"));
			assertThat(disconnects.waitedFor).containsExactly(0L, 0L);
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("one"));
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("two"));
			assertThat(applicationReads.read(TIMEOUT)).isEqualTo(bytes("three"));
		}
	}

	@Test
	void namesThePipesItKnowsAndTheirDirections(PipeTestDirectory pipes) {
		try (PipeTestClient client = client(pipes, new LengthCrc32Codec())) {
			assertThat(client.pipeNames()).containsExactly("inbox", "outbox");
			assertThat(client.endpoint("inbox").path()).isEqualTo(pipes.resolve("inbox").toString());
			assertThatIllegalArgumentException().isThrownBy(() -> client.writer("outbox"))
				.withMessage("Pipe 'outbox' is outbound: the application writes it, the test reads it with "
						+ "reader(\"outbox\") or receive(\"outbox\", …)");
			assertThatIllegalArgumentException().isThrownBy(() -> client.reader("inbox"))
				.withMessageStartingWith("Pipe 'inbox' is inbound: the application reads it");
			assertThatIllegalArgumentException().isThrownBy(() -> client.send("orders", "x"))
				.withMessage("No pipe named 'orders'; the test client knows [inbox, outbox]");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> PipeTestClient.builder().inbound("inbox").outbound(pipes.resolve("inbox").toString()))
				.withMessage("Pipe 'inbox' is declared twice");
		}
	}

	@Test
	void runsWithoutSpringOnTheClassPath() {
		assumeTrue(Boolean.getBoolean("xpipe.test.spring-free"), "run by the spring-free Surefire execution");
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.core.SpringVersion"));
		assertThat(getClass().getClassLoader().getResource("org/springframework")).isNull();
	}

	private static PipeTestClient client(PipeTestDirectory pipes, FrameCodec codec) {
		return PipeTestClient.builder().baseDirectory(pipes.path()).codec(codec).inbound("inbox").outbound("outbox").build();
	}

	/** A client writing to "inbox" in the codec's framing, each writer waiting until the application saw the one before leave. */
	private static PipeTestClient inboxClient(PipeTestDirectory pipes, FrameCodec codec, WriterDisconnects disconnects) {
		return PipeTestClient.builder()
			.baseDirectory(pipes.path())
			.codec(codec)
			.inbound("inbox")
			.writerDisconnects(disconnects)
			.build();
	}

	private static LengthCrc32Codec codec(ByteOrder order, boolean crc) {
		return new LengthCrc32Codec(order, crc, LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Disconnects the test sets by hand: none seen until it says so. */
	static final class RecordingDisconnects implements WriterDisconnects {

		final List<Long> waitedFor = new ArrayList<>();

		volatile long seen;

		@Override
		public long count(String pipe) {
			return this.seen;
		}

		@Override
		public synchronized boolean awaitMoreThan(String pipe, long count, Duration timeout) {
			this.waitedFor.add(count);
			return this.seen > count;
		}

	}

}
