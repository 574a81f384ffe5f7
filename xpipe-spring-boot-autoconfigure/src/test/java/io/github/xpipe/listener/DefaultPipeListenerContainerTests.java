package io.github.xpipe.listener;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.TruncatedFrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.support.XPipeHeaders;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link DefaultPipeListenerContainer} on a real FIFO, with plain-Java writers coming and going. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
@ExtendWith(OutputCaptureExtension.class)
class DefaultPipeListenerContainerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final FrameCodec CODEC = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 1024);

	@TempDir
	Path baseDir;

	private ManagedPipe pipe;

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	private final BlockingQueue<PipeListenerFailedException> failures = new LinkedBlockingQueue<>();

	private final List<String> connections = new CopyOnWriteArrayList<>();

	private final AtomicInteger idleReads = new AtomicInteger();

	private @Nullable DefaultPipeListenerContainer container;

	@BeforeEach
	void createPipe() {
		this.pipe = new ManagedPipe(new PipeDefinition("in", "in", PipeDirection.INBOUND, true, CODEC,
				StandardCharsets.UTF_8, TIMEOUT, PipeOptions.defaults().withBaseDirectory(this.baseDir)));
		this.pipe.start();
	}

	@AfterEach
	void stop() {
		if (this.container != null) {
			this.container.stop();
		}
		this.pipe.stop();
	}

	@Test
	void writersMayComeAndGo() throws Exception {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		for (int writer = 0; writer < 3; writer++) {
			try (WritePipeEnd end = writer()) {
				end.write(bytes("from writer " + writer));
			}
		}
		assertThat(take(3)).containsExactly("from writer 0", "from writer 1", "from writer 2");
		await().atMost(TIMEOUT).until(() -> this.connections.size() >= 2);
		assertThat(this.connections).startsWith("connected", "disconnected");
		assertThat(this.failures).isEmpty();
	}

	@Test
	void containerListenersHearOfIdleReads() {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		await().atMost(TIMEOUT).until(() -> this.idleReads.get() >= 2);
	}

	@Test
	void anErrorHandlerThatThrowsDoesNotStopTheContainer() throws Exception {
		start((message) -> {
			this.received.add(text(message));
			throw new IllegalArgumentException("listener failure");
		}, (exception, message) -> {
			throw new IllegalStateException("error handler failure");
		});
		try (WritePipeEnd end = writer()) {
			end.write(bytes("one"));
			end.write(bytes("two"));
		}
		assertThat(take(2)).containsExactly("one", "two");
		assertThat(this.container.isRunning()).isTrue();
		await().atMost(TIMEOUT).until(() -> this.connections.stream().filter("failed"::equals).count() == 2);
	}

	@Test
	void anErrorThrownByTheListenerGoesToTheErrorHandlerToo() throws Exception {
		start((message) -> {
			this.received.add(text(message));
			throw new AssertionError("listener error");
		}, recordingErrorHandler());
		try (WritePipeEnd end = writer()) {
			end.write(bytes("one"));
			end.write(bytes("two"));
		}
		assertThat(take(2)).containsExactly("one", "two");
		PipeListenerFailedException failure = this.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOf(AssertionError.class);
		assertThat(this.container.isRunning()).isTrue();
	}

	@Test
	void aListenerThatTakesThePayloadOnlyIsHandedThePayloadAndOnFailureTheErrorHandlerTheMessage() throws Exception {
		BlockingQueue<Message<byte[]>> failed = new LinkedBlockingQueue<>();
		start(new PayloadOnlyListener(), (exception, message) -> failed.add(message), ObservationRegistry.NOOP);
		try (WritePipeEnd end = writer()) {
			end.write(bytes("one"));
			end.write(bytes("fail"));
			end.write(bytes("two"));
		}
		assertThat(take(3)).containsExactly("payload one", "payload fail", "payload two");
		Message<byte[]> message = failed.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(message).isNotNull();
		assertThat(text(message)).isEqualTo("fail");
		assertThat(message.getHeaders()).containsEntry(XPipeHeaders.PIPE, "in")
			.containsEntry(XPipeHeaders.CHARSET, StandardCharsets.UTF_8)
			.containsKey(XPipeHeaders.RECEIVED_TIMESTAMP);
	}

	@Test
	void anObservedListenerIsHandedTheMessageEvenIfItTakesThePayloadOnly() throws Exception {
		ObservationRegistry observed = ObservationRegistry.create();
		observed.observationConfig().observationHandler((context) -> true);
		start(new PayloadOnlyListener(), recordingErrorHandler(), observed);
		try (WritePipeEnd end = writer()) {
			end.write(bytes("one"));
		}
		assertThat(take(1)).containsExactly("message one");
	}

	@Test
	void writerDisconnectingMidFrameIsReportedAndTheNextWriterIsHeard() throws Exception {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		byte[] frame = CODEC.encode(bytes("cut short"));
		try (var raw = Files.newOutputStream(Path.of(this.pipe.getPath()), StandardOpenOption.WRITE)) {
			raw.write(frame, 0, frame.length - 3);
		}
		PipeListenerFailedException failure = this.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOf(TruncatedFrameException.class);
		assertThat(failure.isRejectedFrame()).isTrue();
		try (WritePipeEnd end = writer()) {
			end.write(bytes("whole"));
		}
		assertThat(take(1)).containsExactly("whole");
	}

	@Test
	void frameOverTheMaximumIsRejectedWithoutAllocatingAndTheNextFrameIsDelivered() throws Exception {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(Integer.MAX_VALUE - 1).putInt(Integer.MAX_VALUE - 9);
		try (var raw = Files.newOutputStream(Path.of(this.pipe.getPath()), StandardOpenOption.WRITE)) {
			raw.write(header.array());
			raw.write(CODEC.encode(bytes("right after the bad header")));
		}
		PipeListenerFailedException failure = this.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(failure).isNotNull();
		assertThat(failure.getCause()).isInstanceOf(FrameTooLargeException.class);
		assertThat(take(1)).as("the bad header costs its own bytes only").containsExactly("right after the bad header");
		try (WritePipeEnd end = writer()) {
			end.write(bytes("next writer"));
		}
		assertThat(take(1)).containsExactly("next writer");
		assertThat(this.received).isEmpty();
	}

	@Test
	void messagesStillUnhandledWhenTheStopTimesOutAreDroppedAndCounted(CapturedOutput output) throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		PipeContainerProperties properties = new PipeContainerProperties();
		properties.setShutdownTimeout(Duration.ofMillis(200));
		this.container = new DefaultPipeListenerContainer(this.pipe, "stuck", (message) -> {
			this.received.add(text(message));
			entered.countDown();
			new CountDownLatch(1).await();
		}, recordingErrorHandler(), properties);
		this.container.start();
		ByteArrayOutputStream burst = new ByteArrayOutputStream();
		for (String text : List.of("first", "second", "third")) {
			burst.write(CODEC.encode(bytes(text)));
		}
		try (var raw = Files.newOutputStream(Path.of(this.pipe.getPath()), StandardOpenOption.WRITE)) {
			raw.write(burst.toByteArray());
		}
		assertThat(entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.container.stop();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(output).contains("Listener 'stuck' on pipe 'in': 2 messages already read "
					+ "were not handled because the stop timed out"));
		assertThat(this.received).containsExactly("first");
	}

	@Test
	void pipeOwnedByAnotherProcessIsAwaitedUntilItExists(CapturedOutput output) throws Exception {
		Path later = this.baseDir.resolve("later");
		ManagedPipe client = new ManagedPipe(new PipeDefinition("later", later.toString(), PipeDirection.INBOUND, false,
				CODEC, StandardCharsets.UTF_8, TIMEOUT, PipeOptions.defaults().withBaseDirectory(this.baseDir)));
		client.start();
		PipeContainerProperties properties = new PipeContainerProperties();
		properties.setReconnectBackoff(Duration.ofMillis(20));
		properties.setMaxReconnectBackoff(Duration.ofMillis(50));
		DefaultPipeListenerContainer waiting = new DefaultPipeListenerContainer(client, "waiting",
				(message) -> this.received.add(text(message)), recordingErrorHandler(), properties);
		waiting.start();
		try {
			// the read end is open and waits for the FIFO, without failing and retrying
			await().atMost(TIMEOUT).until(() -> client.getReadStatus().state() == ReadEndStatus.State.WAITING_FOR_PIPE);
			assertThat(client.getReadStatus().detail()).isEqualTo("nothing at " + later);
			assertThat(output).doesNotContain("does not exist");
			try (NamedPipe owner = NamedPipe.of(later.toString()).create()) {
				try (WritePipeEnd end = new WritePipeEnd(owner, CODEC).open(TIMEOUT)) {
					end.write(bytes("finally"));
				}
				assertThat(take(1)).containsExactly("finally");
				waiting.stop();
			}
		}
		finally {
			waiting.stop();
			client.stop();
		}
		assertThat(later).doesNotExist();
	}

	@Test
	void restartsAfterAStop() throws Exception {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		this.container.stop();
		assertThat(this.container.isRunning()).isFalse();
		this.container.start();
		try (WritePipeEnd end = writer()) {
			end.write(bytes("after restart"));
		}
		assertThat(take(1)).containsExactly("after restart");
	}

	@Test
	void stopWithCallbackRunsTheCallbackOnceStopped() {
		start((message) -> this.received.add(text(message)), recordingErrorHandler());
		await().atMost(TIMEOUT).until(this.container::isRunning);
		AtomicBoolean called = new AtomicBoolean();
		this.container.stop(() -> called.set(true));
		await().atMost(Duration.ofSeconds(2)).untilTrue(called);
		assertThat(this.container.isRunning()).isFalse();
	}

	private void start(MessageListener listener, PipeListenerErrorHandler errorHandler) {
		start(listener, errorHandler, ObservationRegistry.NOOP);
	}

	private void start(MessageListener listener, PipeListenerErrorHandler errorHandler,
			ObservationRegistry observationRegistry) {
		PipeContainerProperties properties = new PipeContainerProperties();
		properties.setObservationRegistry(observationRegistry);
		properties.setPollTimeout(Duration.ofMillis(50));
		properties.setContainerListeners(List.of(new PipeContainerListener() {

			@Override
			public void writerConnected(String pipeName, long connectionId) {
				DefaultPipeListenerContainerTests.this.connections.add("connected");
			}

			@Override
			public void writerDisconnected(String pipeName, long connectionId) {
				DefaultPipeListenerContainerTests.this.connections.add("disconnected");
			}

			@Override
			public void afterRead(String pipeName, int messageCount) {
				if (messageCount == 0) {
					DefaultPipeListenerContainerTests.this.idleReads.incrementAndGet();
				}
			}

			@Override
			public void listenerFailed(PipeListenerFailedException exception) {
				DefaultPipeListenerContainerTests.this.connections.add("failed");
			}

		}));
		this.container = new DefaultPipeListenerContainer(this.pipe, "test", listener, errorHandler, properties);
		this.container.start();
	}

	private PipeListenerErrorHandler recordingErrorHandler() {
		return (exception, message) -> this.failures.add(exception);
	}

	private WritePipeEnd writer() throws Exception {
		return new WritePipeEnd(NamedPipe.of(this.pipe.getPath()), CODEC).open(TIMEOUT);
	}

	private List<String> take(int count) throws InterruptedException {
		List<String> taken = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String next = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (next == null) {
				break;
			}
			taken.add(next);
		}
		return taken;
	}

	private static String text(Message<byte[]> message) {
		return new String(message.getPayload(), StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Records how each message came, as its payload alone or as a message; fails on "fail". */
	private final class PayloadOnlyListener implements PayloadMessageListener {

		@Override
		public boolean takesPayloadOnly() {
			return true;
		}

		@Override
		public void onPayload(byte[] payload) {
			record("payload", payload);
		}

		@Override
		public void onMessage(Message<byte[]> message) {
			record("message", message.getPayload());
		}

		private void record(String how, byte[] payload) {
			String text = new String(payload, StandardCharsets.UTF_8);
			DefaultPipeListenerContainerTests.this.received.add(how + " " + text);
			if (text.equals("fail")) {
				throw new IllegalStateException("failed on " + text);
			}
		}

	}

}
