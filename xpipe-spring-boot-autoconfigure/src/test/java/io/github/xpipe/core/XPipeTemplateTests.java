package io.github.xpipe.core;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link XPipeTemplate} on real FIFOs: connecting, reconnecting, thread safety and typed failures,
 * for direct, queued and asynchronous sends.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeTemplateTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final FrameCodec CODEC = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 1024);

	@TempDir
	Path baseDir;

	private final List<ManagedPipe> pipes = new ArrayList<>();

	private final List<ReadPipeEnd> readers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.readers.forEach(ReadPipeEnd::close);
		this.pipes.forEach(ManagedPipe::stop);
	}

	@Test
	void sendsEachPayloadAsOneFrameOfThePipe() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		ReadPipeEnd reader = reader("out");
		template.send("out", new byte[] { 1, 2, 3 });
		template.convertAndSend("out", "h\u00e9");
		template.send("out", MessageBuilder.withPayload("message").setHeader(XPipeHeaders.PIPE, "ignored").build());
		template.convertAndSend("out", new byte[0]);
		assertThat(reader.read(TIMEOUT)).containsExactly(1, 2, 3);
		assertThat(new String(reader.read(TIMEOUT), StandardCharsets.ISO_8859_1)).isEqualTo("h\u00e9");
		assertThat(new String(reader.read(TIMEOUT), StandardCharsets.ISO_8859_1)).isEqualTo("message");
		assertThat(reader.read(TIMEOUT)).isEmpty();
	}

	@Test
	void noReaderWithinTheConnectTimeoutIsATypedFailure() {
		XPipeTemplate template = template(pipe("lonely", PipeDirection.OUTBOUND, Duration.ofMillis(200)));
		assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template.send("lonely", new byte[] { 1 }))
			.withMessageContaining("Could not send a message of 1 bytes to pipe 'lonely'")
			.withCauseInstanceOf(PipeTimeoutException.class)
			.satisfies((ex) -> assertThat(ex.getPipeName()).isEqualTo("lonely"));
	}

	@Test
	void afterTheReaderWentAwayASendFailsAndTheNextOneReconnects() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5));
		XPipeTemplate template = template(pipe);
		ReadPipeEnd first = reader("out");
		template.send("out", bytes("before"));
		assertThat(first.read(TIMEOUT)).isEqualTo(bytes("before"));
		first.close();
		assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template.send("out", bytes("lost")))
			.withCauseInstanceOf(BrokenPipeException.class);
		assertThat(pipe.isConnected()).isFalse();
		ReadPipeEnd second = reader("out");
		template.send("out", bytes("after"));
		assertThat(second.read(TIMEOUT)).isEqualTo(bytes("after"));
	}

	@Test
	void tooLargeMessageFailsAndKeepsTheConnection() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5));
		XPipeTemplate template = template(pipe);
		ReadPipeEnd reader = reader("out");
		template.send("out", bytes("first"));
		assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template.send("out", new byte[1025]))
			.withCauseInstanceOf(FrameTooLargeException.class);
		assertThat(pipe.isConnected()).isTrue();
		template.send("out", bytes("second"));
		assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("first"));
		assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("second"));
	}

	@Test
	void concurrentSendersNeverInterleaveFrames() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		ReadPipeEnd reader = reader("out");
		int threads = 8;
		int perThread = 200;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<CompletableFuture<Void>> senders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				senders.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < perThread; i++) {
						template.convertAndSend("out", "thread-" + thread + "-message-" + i + "-" + "x".repeat(i % 300));
					}
				}, executor));
			}
			Set<String> received = new HashSet<>();
			while (received.size() < threads * perThread) {
				byte[] payload = reader.read(TIMEOUT);
				assertThat(payload).as("message %d", received.size()).isNotNull();
				assertThat(received.add(new String(payload, StandardCharsets.ISO_8859_1))).isTrue();
			}
			CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertThat(received).contains("thread-7-message-199-" + "x".repeat(199));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void undeclaredPipeIsAnUnknownPipeException() {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(1)));
		assertThatExceptionOfType(UnknownPipeException.class).isThrownBy(() -> template.send("nope", new byte[0]))
			.withMessageContaining("Pipe 'nope' named by a send is not declared; declared pipes: [out]");
	}

	@Test
	void inboundPipeIsADirectionException() {
		XPipeTemplate template = template(pipe("in", PipeDirection.INBOUND, Duration.ofSeconds(1)));
		assertThatExceptionOfType(PipeDirectionException.class).isThrownBy(() -> template.send("in", new byte[0]))
			.withMessage("Pipe 'in' is declared inbound but a send writes to it");
	}

	@Test
	void payloadNoConverterHandlesIsATypedFailure() {
		XPipeTemplate template = new XPipeTemplate(new PipeRegistry(List.of(pipe("out", PipeDirection.OUTBOUND,
				Duration.ofSeconds(1)))), XPipeMessageConverter.withDefaults(null));
		assertThatExceptionOfType(PipeSendException.class)
			.isThrownBy(() -> template.convertAndSend("out", Map.of("key", "value")))
			.withMessageContaining("No message converter can turn a");
	}

	@Test
	void sendingToAStoppedPipeIsATypedFailure() {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(1));
		pipe.stop();
		assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template(pipe).send("out", new byte[0]))
			.withCauseInstanceOf(PipeClosedException.class)
			.withMessageContaining("not started");
	}

	@Test
	void stoppingThePipeCancelsASendWaitingForAReader() {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(30));
		XPipeTemplate template = template(pipe);
		CompletableFuture<Void> send = CompletableFuture.runAsync(() -> template.send("out", new byte[] { 1 }));
		await().during(Duration.ofMillis(100)).atMost(TIMEOUT).until(() -> !send.isDone());
		pipe.stop();
		await().atMost(Duration.ofSeconds(2)).until(send::isDone);
		assertThat(send).isCompletedExceptionally();
	}

	@Test
	void queuedSendsArriveWholeAndInOrderAndFlushWaitsForThem() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5), SendMode.QUEUED));
		ReadPipeEnd reader = reader("out");
		int count = 20_000;
		for (int sequence = 0; sequence < count; sequence++) {
			template.send("out", bytes("message " + sequence));
		}
		template.flush("out");
		for (int sequence = 0; sequence < count; sequence++) {
			assertThat(new String(reader.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("message " + sequence);
		}
	}

	@Test
	void aQueuedSendAfterTheReaderWentAwayFailsAndTheNextOneReconnects() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5), SendMode.QUEUED);
		XPipeTemplate template = template(pipe);
		ReadPipeEnd first = reader("out");
		template.send("out", bytes("before"));
		assertThat(first.read(TIMEOUT)).isEqualTo(bytes("before"));
		first.close();
		template.send("out", bytes("lost"));
		assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template.flush("out"))
			.withCauseInstanceOf(BrokenPipeException.class)
			.withMessageContaining("Messages queued for pipe 'out' could not all be written");
		assertThat(pipe.isConnected()).isFalse();
		ReadPipeEnd second = reader("out");
		template.send("out", bytes("after"));
		assertThat(second.read(TIMEOUT)).isEqualTo(bytes("after"));
	}

	@Test
	void stoppingAQueuedPipeWritesTheMessagesStillQueued() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5), SendMode.QUEUED);
		XPipeTemplate template = template(pipe);
		ReadPipeEnd reader = reader("out");
		int count = 5_000;
		for (int sequence = 0; sequence < count; sequence++) {
			template.send("out", bytes("message " + sequence));
		}
		pipe.stop();
		for (int sequence = 0; sequence < count; sequence++) {
			assertThat(new String(reader.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("message " + sequence);
		}
	}

	@Test
	void asyncSendsArriveInOrderAndEachFutureCompletesOnceWritten() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		ReadPipeEnd reader = reader("out");
		int count = 3_000;
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int sequence = 0; sequence < count; sequence++) {
			String text = "message " + sequence;
			futures.add(switch (sequence % 3) {
				case 0 -> template.sendAsync("out", bytes(text));
				case 1 -> template.convertAndSendAsync("out", text);
				default -> template.sendAsync("out", MessageBuilder.withPayload(text).build());
			});
		}
		for (int sequence = 0; sequence < count; sequence++) {
			assertThat(new String(reader.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("message " + sequence);
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).until(() -> recorded.sizes.size() == count);
	}

	@Test
	void anAsyncSendThatFailsCompletesItsFutureWithTheTypedFailureAndTellsTheSendListeners() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofMillis(300));
		XPipeTemplate template = template(pipe);
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		assertThat(template.sendAsync("out", bytes("nobody reads"))).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(PipeSendException.class)
			.withMessageContaining("Could not send a message of 12 bytes to pipe 'out'")
			.havingCause()
			.isInstanceOf(PipeTimeoutException.class);
		ReadPipeEnd first = reader("out");
		template.sendAsync("out", bytes("before")).get(10, TimeUnit.SECONDS);
		assertThat(first.read(TIMEOUT)).isEqualTo(bytes("before"));
		assertThat(template.sendAsync("out", new byte[1025])).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(PipeSendException.class)
			.havingCause()
			.isInstanceOf(FrameTooLargeException.class);
		assertThat(pipe.isConnected()).isTrue();
		first.close();
		assertThat(template.sendAsync("out", bytes("lost"))).failsWithin(TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(PipeSendException.class)
			.havingCause()
			.isInstanceOf(BrokenPipeException.class);
		await().atMost(TIMEOUT).until(() -> !pipe.isConnected());
		ReadPipeEnd second = reader("out");
		template.sendAsync("out", bytes("after")).get(10, TimeUnit.SECONDS);
		assertThat(second.read(TIMEOUT)).isEqualTo(bytes("after"));
		assertThat(recorded.failures).hasSize(3);
	}

	@Test
	void anAsyncSendThatCannotStartThrowsAtOnce() {
		XPipeTemplate template = template(pipe("in", PipeDirection.INBOUND, Duration.ofSeconds(5)));
		assertThatExceptionOfType(UnknownPipeException.class).isThrownBy(() -> template.sendAsync("nowhere", bytes("x")));
		assertThatExceptionOfType(PipeDirectionException.class).isThrownBy(() -> template.sendAsync("in", bytes("x")));
	}

	@Test
	void anAsyncSendIsObservedUntilItsFutureCompletes() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		TestObservationRegistry registry = TestObservationRegistry.create();
		template.setObservationRegistry(registry);
		ReadPipeEnd reader = reader("out");
		template.sendAsync("out", bytes("observed")).get(10, TimeUnit.SECONDS);
		assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("observed"));
		TestObservationRegistryAssert.assertThat(registry)
			.hasObservationWithNameEqualTo("xpipe.template")
			.that()
			.hasLowCardinalityKeyValue("messaging.destination.name", "out")
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void directSendsInASendBatchAreWrittenWhenItClosesAndOnlyThenCountAsSent() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		ReadPipeEnd reader = reader("out");
		try (SendBatch batch = SendBatch.open()) {
			try (SendBatch nested = SendBatch.open()) {
				for (int sequence = 0; sequence < 200; sequence++) {
					template.convertAndSend("out", "reply " + sequence);
				}
			}
			assertThat(recorded.sizes).as("nothing written while the batch is open, not even by a nested one").isEmpty();
		}
		assertThat(recorded.sizes).hasSize(200);
		assertThat(recorded.runs).as("counted once, for the whole batch").containsExactly(200);
		for (int sequence = 0; sequence < 200; sequence++) {
			assertThat(new String(reader.read(TIMEOUT), StandardCharsets.UTF_8)).isEqualTo("reply " + sequence);
		}
	}

	@Test
	void aSendBatchWhoseWriteFailsTellsTheSendListenersOfEachMessageAndTheNextSendReconnects() throws Exception {
		ManagedPipe pipe = pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5));
		XPipeTemplate template = template(pipe);
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		ReadPipeEnd first = reader("out");
		template.send("out", bytes("before"));
		assertThat(first.read(TIMEOUT)).isEqualTo(bytes("before"));
		try (SendBatch batch = SendBatch.open()) {
			template.send("out", bytes("lost 1"));
			template.send("out", bytes("lost 2"));
			first.close();
		}
		assertThat(recorded.failures).hasSize(2).allSatisfy((failure) -> assertThat(failure).isInstanceOf(BrokenPipeException.class));
		assertThat(pipe.isConnected()).isFalse();
		ReadPipeEnd second = reader("out");
		template.send("out", bytes("after"));
		assertThat(second.read(TIMEOUT)).isEqualTo(bytes("after"));
	}

	@Test
	void aFlushInASendBatchWritesWhatItHeldForThePipeAndReportsItThenNotAgainAtClose() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		ReadPipeEnd reader = reader("out");
		template.send("out", bytes("alone"));
		assertThat(recorded.runs).as("a send outside a batch is a run of one").containsExactly(1);
		try (SendBatch batch = SendBatch.open()) {
			template.send("out", bytes("request 1"));
			template.send("out", bytes("request 2"));
			template.flush("out");
			assertThat(recorded.runs).containsExactly(1, 2);
			assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("alone"));
			assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("request 1"));
			assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("request 2"));
			template.send("out", bytes("reply"));
		}
		assertThat(recorded.runs).containsExactly(1, 2, 1);
		assertThat(recorded.sizes).containsExactly(5, 9, 9, 5);
		assertThat(reader.read(TIMEOUT)).isEqualTo(bytes("reply"));
	}

	@Test
	void aFlushInASendBatchThatFailsReportsItsMessagesAsFailedNotAsSentWhenTheBatchCloses() throws Exception {
		XPipeTemplate template = template(pipe("out", PipeDirection.OUTBOUND, Duration.ofSeconds(5)));
		RecordingSendListener recorded = new RecordingSendListener();
		template.addSendListener(recorded);
		ReadPipeEnd first = reader("out");
		template.send("out", bytes("before"));
		assertThat(first.read(TIMEOUT)).isEqualTo(bytes("before"));
		try (SendBatch batch = SendBatch.open()) {
			template.send("out", bytes("lost 1"));
			template.send("out", bytes("lost 2"));
			first.close();
			assertThatExceptionOfType(PipeSendException.class).isThrownBy(() -> template.flush("out"))
				.withCauseInstanceOf(BrokenPipeException.class);
		}
		assertThat(recorded.failures).hasSize(2);
		assertThat(recorded.sizes).as("only the message sent before").containsExactly(6);
		assertThat(recorded.runs).containsExactly(1);
	}

	private XPipeTemplate template(ManagedPipe... declared) {
		return new XPipeTemplate(new PipeRegistry(List.of(declared)), XPipeMessageConverter.withDefaults(null));
	}

	private ManagedPipe pipe(String name, PipeDirection direction, Duration connectTimeout) {
		return pipe(name, direction, connectTimeout, SendMode.DIRECT);
	}

	private ManagedPipe pipe(String name, PipeDirection direction, Duration connectTimeout, SendMode sendMode) {
		PipeDefinition definition = new PipeDefinition(name, name, direction, true, CODEC, StandardCharsets.ISO_8859_1,
				connectTimeout, PipeOptions.defaults().withBaseDirectory(this.baseDir), sendMode);
		ManagedPipe pipe = new ManagedPipe(definition);
		pipe.start();
		this.pipes.add(pipe);
		return pipe;
	}

	private ReadPipeEnd reader(String name) throws Exception {
		ReadPipeEnd reader = new ReadPipeEnd(NamedPipe.of(this.baseDir.resolve(name).toString()), CODEC).open(TIMEOUT);
		this.readers.add(reader);
		return reader;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Records what the template tells its send listeners. */
	private static final class RecordingSendListener implements PipeSendListener {

		final List<Integer> sizes = new CopyOnWriteArrayList<>();

		final List<Exception> failures = new CopyOnWriteArrayList<>();

		/** How many messages each {@link #messagesSent} call counted. */
		final List<Integer> runs = new CopyOnWriteArrayList<>();

		@Override
		public void messageSent(String pipeName, int size) {
			this.sizes.add(size);
		}

		@Override
		public void messagesSent(String pipeName, int messages, long bytes) {
			this.runs.add(messages);
		}

		@Override
		public void sendFailed(String pipeName, int size, Exception error) {
			this.failures.add(error);
		}

	}

}
