package io.github.xpipe.annotation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.test.PythonPeer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

import static io.github.xpipe.test.BlockingQueues.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link PipeListener @PipeListener} methods and the template on real FIFOs, with real python3 peers. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeListenerIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@TempDir
	Path baseDir;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class, JacksonAutoConfiguration.class,
					ValidationAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + this.baseDir, "xpipe.pipes.inbox.direction=inbound");
	}

	@Test
	void listenerReceivesWhatAPythonWriterSendsInOrderWithHeadersAndThePipesCharset() {
		contextRunner().withUserConfiguration(TextListener.class)
			.withPropertyValues("xpipe.pipes.inbox.charset=ISO-8859-1")
			.run((context) -> {
				long before = System.currentTimeMillis();
				try (PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of(),
						PythonPeer.message("first".getBytes(StandardCharsets.ISO_8859_1)),
						PythonPeer.message("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)),
						PythonPeer.message(new byte[0]))) {
					writer.awaitSuccess(TIMEOUT);
				}
				TextListener listener = context.getBean(TextListener.class);
				assertThat(take(listener.received, 3, TIMEOUT)).containsExactly("first|inbox", "caf\u00e9|inbox", "|inbox");
				assertThat(listener.timestamps).allSatisfy((timestamp) -> assertThat(timestamp)
					.isBetween(before, System.currentTimeMillis()));
			});
	}

	@Test
	void templateReachesAPythonReaderWithThePipesFraming() {
		contextRunner()
			.withPropertyValues("xpipe.pipes.outbox.direction=outbound", "xpipe.pipes.outbox.framing=base64",
					"xpipe.pipes.outbox.connect-timeout=20s")
			.run((context) -> {
				try (PythonPeer reader = PythonPeer.reader(pipe("outbox"), 3, List.of("--framing", "base64"))) {
					XPipeOperations template = context.getBean(XPipeOperations.class);
					template.send("outbox", new byte[] { 0, 1, 2, (byte) 0xff });
					template.convertAndSend("outbox", "text");
					template.convertAndSend("outbox", new Order("pen", 2));
					List<byte[]> payloads = reader.awaitPayloads(TIMEOUT);
					assertThat(payloads.get(0)).containsExactly(0, 1, 2, 0xff);
					assertThat(new String(payloads.get(1), StandardCharsets.UTF_8)).isEqualTo("text");
					assertThat(new String(payloads.get(2), StandardCharsets.UTF_8))
						.isEqualTo("{\"item\":\"pen\",\"quantity\":2}");
				}
			});
	}

	@Test
	void sendToRoundTripUsesTheFramingOfEachPipe() {
		contextRunner().withUserConfiguration(EchoListener.class)
			.withPropertyValues("xpipe.pipes.inbox.framing=base64", "xpipe.pipes.outbox.direction=outbound",
					"xpipe.pipes.outbox.byte-order=big-endian", "xpipe.pipes.outbox.connect-timeout=20s")
			.run((context) -> {
				try (PythonPeer reader = PythonPeer.reader(pipe("outbox"), 3, List.of("--byte-order", "big"));
						PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of("--framing", "base64"),
								PythonPeer.message("one"), PythonPeer.message("two"), PythonPeer.message("three"))) {
					writer.awaitSuccess(TIMEOUT);
					assertThat(reader.awaitPayloads(TIMEOUT)).extracting((bytes) -> new String(bytes, StandardCharsets.UTF_8))
						.containsExactly("ONE", "TWO", "THREE");
				}
				assertThat(context.getBean(PipeListenerEndpointRegistry.class).getListenerContainerIds())
					.as("default id: bean name and method name")
					.containsExactly("pipeListenerIntegrationTests.EchoListener.echo");
			});
	}

	@Test
	void badFrameAndListenerExceptionReachTheErrorHandlerAndTheNextMessageIsDelivered() throws Exception {
		byte[] corrupted = new LengthCrc32Codec().encode("corrupted".getBytes(StandardCharsets.UTF_8));
		corrupted[corrupted.length - 1] ^= 0x5a;
		contextRunner().withUserConfiguration(TextListener.class, RecordingErrorHandler.class).run((context) -> {
			try (PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of(), PythonPeer.raw(corrupted),
					PythonPeer.message("good"), PythonPeer.message("boom"), PythonPeer.message("after"))) {
				writer.awaitSuccess(TIMEOUT);
			}
			TextListener listener = context.getBean(TextListener.class);
			assertThat(take(listener.received, 3, TIMEOUT)).containsExactly("good|inbox", "boom|inbox", "after|inbox");
			RecordingErrorHandler errors = context.getBean(RecordingErrorHandler.class);
			PipeListenerFailedException rejected = errors.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(rejected).isNotNull();
			assertThat(rejected.isRejectedFrame()).isTrue();
			assertThat(rejected.getCause()).isInstanceOf(CrcMismatchException.class);
			assertThat(rejected.getPipeName()).isEqualTo("inbox");
			assertThat(rejected.getListenerId()).isEqualTo("text");
			PipeListenerFailedException failed = errors.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(failed).isNotNull();
			assertThat(failed.isRejectedFrame()).isFalse();
			assertThat(failed.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
			assertThat(failed.getMessageSize()).isEqualTo(4);
			assertThat(errors.messages).containsExactly("<none>", "boom");
			assertThat(context.getBean(PipeListenerEndpointRegistry.class).getListenerContainer("text"))
				.satisfies((container) -> assertThat(container.isRunning()).isTrue());
		});
	}

	@Test
	void jsonPayloadsAreConvertedValidatedAndAnsweredAsJson() {
		contextRunner().withUserConfiguration(OrderListener.class, RecordingErrorHandler.class)
			.withPropertyValues("xpipe.pipes.orders.direction=inbound", "xpipe.pipes.receipts.direction=outbound",
					"xpipe.pipes.receipts.connect-timeout=20s")
			.run((context) -> {
				try (PythonPeer reader = PythonPeer.reader(pipe("receipts"), 2, List.of());
						PythonPeer writer = PythonPeer.writer(pipe("orders"), List.of(),
								PythonPeer.message("{\"item\":\"pen\",\"quantity\":2}"),
								PythonPeer.message("{\"item\":\"\",\"quantity\":0}"),
								PythonPeer.message("not json"),
								PythonPeer.message("{\"item\":\"ink\",\"quantity\":5}"))) {
					writer.awaitSuccess(TIMEOUT);
					assertThat(reader.awaitPayloads(TIMEOUT)).extracting((bytes) -> new String(bytes, StandardCharsets.UTF_8))
						.containsExactly("{\"item\":\"pen\",\"quantity\":2,\"status\":\"ACCEPTED\"}",
								"{\"item\":\"ink\",\"quantity\":5,\"status\":\"ACCEPTED\"}");
				}
				RecordingErrorHandler errors = context.getBean(RecordingErrorHandler.class);
				PipeListenerFailedException invalid = errors.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(invalid).isNotNull();
				assertThat(invalid.getCause()).isInstanceOf(MethodArgumentNotValidException.class);
				PipeListenerFailedException unreadable = errors.failures.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(unreadable).isNotNull();
				assertThat(unreadable.getCause()).isInstanceOf(org.springframework.messaging.converter.MessageConversionException.class);
			});
	}

	@Test
	void placeholdersResolveAndAListenerWithoutAutoStartupStartsById() {
		contextRunner().withUserConfiguration(PlaceholderListener.class)
			.withPropertyValues("app.pipe=jobs", "app.id=job-listener", "app.start=false", "app.concurrency=2",
					"xpipe.pipes.jobs.direction=inbound")
			.run((context) -> {
				PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
				assertThat(registry.getListenerContainerIds()).containsExactly("job-listener");
				PipeListenerContainer container = registry.getListenerContainer("job-listener");
				assertThat(container.getPipeName()).isEqualTo("jobs");
				assertThat(container.isRunning()).isFalse();
				registry.start("job-listener");
				assertThat(container.isRunning()).isTrue();
				try (PythonPeer writer = PythonPeer.writer(pipe("jobs"), List.of(), PythonPeer.message("a"),
						PythonPeer.message("b"), PythonPeer.message("c"), PythonPeer.message("d"))) {
					writer.awaitSuccess(TIMEOUT);
				}
				PlaceholderListener listener = context.getBean(PlaceholderListener.class);
				assertThat(take(listener.received, 4, TIMEOUT)).containsExactlyInAnyOrder("a", "b", "c", "d");
				registry.stop("job-listener");
				assertThat(container.isRunning()).isFalse();
			});
	}

	@Test
	void stopDuringTrafficDeliversEveryFrameAlreadyRead() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		ByteBuffer burst = ByteBuffer.allocate(4096);
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String text = "message-" + i;
			sent.add(text);
			burst.put(codec.encode(text.getBytes(StandardCharsets.UTF_8)));
		}
		byte[] oneWrite = Arrays.copyOf(burst.array(), burst.position());
		contextRunner().withUserConfiguration(SlowListener.class).run((context) -> {
			SlowListener listener = context.getBean(SlowListener.class);
			try (PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of(), PythonPeer.raw(oneWrite))) {
				writer.awaitSuccess(TIMEOUT);
			}
			assertThat(listener.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
			PipeListenerContainer container = registry.getListenerContainer("slow");
			CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> registry.stop("slow"));
			await().atMost(TIMEOUT).until(() -> !container.isRunning());
			assertThat(stopping).isNotDone();
			listener.release.countDown();
			stopping.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(listener.received).containsExactlyElementsOf(sent);
		});
	}

	@Test
	void stopIsBoundedByTheShutdownTimeoutAndInterruptsAStuckListener() {
		contextRunner().withUserConfiguration(SlowListener.class)
			.withPropertyValues("xpipe.listener.shutdown-timeout=300ms")
			.run((context) -> {
				SlowListener listener = context.getBean(SlowListener.class);
				try (PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of(), PythonPeer.message("stuck"))) {
					writer.awaitSuccess(TIMEOUT);
				}
				assertThat(listener.entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
				CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> registry.stop("slow"));
				await().atMost(Duration.ofSeconds(5)).until(stopping::isDone);
				await().atMost(Duration.ofSeconds(5)).untilTrue(listener.interrupted);
			});
	}

	@Test
	void idleListenerStopsAtOnceWithoutWaitingForTheShutdownTimeout() {
		contextRunner().withUserConfiguration(TextListener.class).run((context) -> {
			PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
			PipeListenerContainer container = registry.getListenerContainer("text");
			await().atMost(TIMEOUT).until(container::isRunning);
			CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> registry.stop("text"));
			await().atMost(Duration.ofSeconds(2)).until(stopping::isDone);
		});
	}

	@Test
	void concurrencyAboveOneDispatchesOnSeveralThreads() {
		contextRunner().withUserConfiguration(ConcurrentListener.class).run((context) -> {
			ConcurrentListener listener = context.getBean(ConcurrentListener.class);
			String[] items = new String[40];
			for (int i = 0; i < items.length; i++) {
				items[i] = PythonPeer.message("m" + i);
			}
			try (PythonPeer writer = PythonPeer.writer(pipe("inbox"), List.of(), items)) {
				writer.awaitSuccess(TIMEOUT);
			}
			assertThat(take(listener.received, 40, TIMEOUT)).hasSize(40).doesNotHaveDuplicates();
			assertThat(listener.threads).hasSizeGreaterThan(1)
				.allSatisfy((name) -> assertThat(name).startsWith("xpipe-inbox-"));
		});
	}

	private Path pipe(String name) {
		return this.baseDir.resolve(name);
	}

	record Order(@NotBlank String item, @Min(1) int quantity) {
	}

	record Receipt(String item, int quantity, String status) {
	}

	@Configuration(proxyBeanMethods = false)
	static class TextListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final List<Long> timestamps = new CopyOnWriteArrayList<>();

		@PipeListener(value = "inbox", id = "text")
		void on(String text, @Header(XPipeHeaders.PIPE) String pipe, @Header(XPipeHeaders.RECEIVED_TIMESTAMP) long receivedAt) {
			this.received.add(text + "|" + pipe);
			this.timestamps.add(receivedAt);
			if (text.equals("boom")) {
				throw new IllegalStateException("boom");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoListener {

		@PipeListener("inbox")
		@SendTo("outbox")
		byte[] echo(Message<String> message) {
			return message.getPayload().toUpperCase().getBytes(StandardCharsets.UTF_8);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderListener {

		@PipeListener(pipe = "orders")
		@SendTo("receipts")
		Receipt on(@Valid @Payload Order order) {
			return new Receipt(order.item(), order.quantity(), "ACCEPTED");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlaceholderListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@PipeListener(value = "${app.pipe}", id = "${app.id}", autoStartup = "${app.start}", concurrency = "${app.concurrency}")
		void on(String text) {
			this.received.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicBoolean interrupted = new AtomicBoolean();

		@PipeListener(value = "inbox", id = "slow")
		void on(String text) {
			this.received.add(text);
			this.entered.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				this.interrupted.set(true);
				Thread.currentThread().interrupt();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		final CountDownLatch gate = new CountDownLatch(2);

		@PipeListener(value = "inbox", concurrency = "4")
		void on(String text) throws InterruptedException {
			this.threads.add(Thread.currentThread().getName());
			this.gate.countDown();
			this.gate.await(5, TimeUnit.SECONDS);
			this.received.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingErrorHandler implements PipeListenerErrorHandler {

		final BlockingQueue<PipeListenerFailedException> failures = new LinkedBlockingQueue<>();

		final List<String> messages = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
			this.messages.add((message != null) ? new String(message.getPayload(), StandardCharsets.UTF_8) : "<none>");
			this.failures.add(exception);
		}

	}

}
