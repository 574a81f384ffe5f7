package io.github.xpipe.pipe.posix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The FIFO ends through the SPI, with raw bytes, on real FIFOs. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class FifoEndsTests {

	private static final Duration CANCEL_BOUND = Duration.ofMillis(100);

	private final PosixPipeBackend backend = new PosixPipeBackend();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@TempDir
	Path temp;

	private PipeOptions options;

	private CreatedPipe created;

	private String path;

	@BeforeEach
	void createPipe() throws Exception {
		this.options = PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes"));
		this.path = this.backend.resolvePath("ends", this.options);
		this.created = this.backend.create("ends", this.path, this.options);
	}

	@AfterEach
	void deletePipe() throws Exception {
		this.executor.shutdownNow();
		this.created.delete();
	}

	@Test
	void readerFirstThenWriter() throws Exception {
		try (PipeInput input = newInput(); PipeOutput output = newOutput()) {
			input.open(Duration.ZERO);
			output.open(Duration.ofSeconds(5));
			output.write(bytes("hello"));
			RecordingSink sink = new RecordingSink();
			readUntil(input, sink, () -> sink.bytes(1).length == 5);
			assertThat(new String(sink.bytes(1), StandardCharsets.UTF_8)).isEqualTo("hello");
			assertThat(sink.events()).containsExactly("connected 1");
		}
	}

	@Test
	void writerFirstWaitsForTheReader() throws Exception {
		try (PipeInput input = newInput(); PipeOutput output = newOutput()) {
			AtomicReference<Thread> opener = new AtomicReference<>();
			CompletableFuture<Void> opened = CompletableFuture.runAsync(() -> {
				opener.set(Thread.currentThread());
				uncheckedOpen(output, Duration.ofSeconds(10));
			}, this.executor);
			await().until(() -> isPolling(opener.get()));
			assertThat(opened).isNotDone();
			input.open(Duration.ZERO);
			opened.get();
			output.write(bytes("late reader"));
			RecordingSink sink = new RecordingSink();
			readUntil(input, sink, () -> sink.bytes(1).length == 11);
			assertThat(sink.bytes(1)).isEqualTo("late reader".getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void readerSurvivesWritersComingAndGoing() throws Exception {
		try (PipeInput input = newInput()) {
			input.open(Duration.ZERO);
			RecordingSink sink = new RecordingSink();
			for (int writer = 1; writer <= 3; writer++) {
				try (PipeOutput output = newOutput()) {
					output.open(Duration.ofSeconds(5));
					output.write(bytes("writer " + writer));
				}
				long connection = writer;
				readUntil(input, sink, () -> sink.events().contains("disconnected " + connection));
				assertThat(new String(sink.bytes(connection), StandardCharsets.UTF_8)).isEqualTo("writer " + writer);
			}
			assertThat(sink.events()).containsExactly("connected 1", "disconnected 1", "connected 2",
					"disconnected 2", "connected 3", "disconnected 3");
			assertThat(input.read(sink, Duration.ofMillis(20).toNanos())).isFalse();
		}
	}

	@Test
	void readWithNothingToReadTimesOutWithoutReporting() throws Exception {
		try (PipeInput input = newInput()) {
			input.open(Duration.ZERO);
			RecordingSink sink = new RecordingSink();
			long start = System.nanoTime();
			assertThat(input.read(sink, Duration.ofMillis(50).toNanos())).isFalse();
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
			assertThat(sink.events()).isEmpty();
		}
	}

	@Test
	void closeCancelsAnOpenWaitingForAReader() throws Exception {
		PipeOutput output = newOutput();
		AtomicReference<Thread> opener = new AtomicReference<>();
		CompletableFuture<Void> opening = CompletableFuture.runAsync(() -> {
			opener.set(Thread.currentThread());
			uncheckedOpen(output, Duration.ofSeconds(30));
		}, this.executor);
		await().until(() -> isPolling(opener.get()));
		output.close();
		withinCancelBound().until(opening::isDone);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(opening::join)
			.withCauseInstanceOf(PipeClosedException.class);
		withinCancelBound().until(() -> !isPolling(opener.get()));
	}

	@Test
	void closeCancelsABlockedRead() throws Exception {
		PipeInput input = newInput();
		input.open(Duration.ZERO);
		Thread reader = new Thread(() -> {
			try {
				input.read(new RecordingSink(), Long.MAX_VALUE);
			}
			catch (PipeClosedException ex) {
				return;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			throw new IllegalStateException("read returned without being closed");
		});
		AtomicReference<Throwable> failure = new AtomicReference<>();
		reader.setUncaughtExceptionHandler((thread, ex) -> failure.set(ex));
		reader.start();
		await().until(() -> isPolling(reader));
		input.close();
		withinCancelBound().until(() -> !reader.isAlive());
		assertThat(failure.get()).isNull();
	}

	@Test
	void closeCancelsAWriteBlockedOnAFullPipe() throws Exception {
		try (PipeInput input = newInput()) {
			input.open(Duration.ZERO);
			PipeOutput output = newOutput();
			output.open(Duration.ofSeconds(5));
			AtomicReference<Thread> writer = new AtomicReference<>();
			CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
				writer.set(Thread.currentThread());
				try {
					output.write(ByteBuffer.allocateDirect(64 * 1024 * 1024));
				}
				catch (Exception ex) {
					throw new CompletionException(ex);
				}
			}, this.executor);
			await().until(() -> isPolling(writer.get()));
			output.close();
			withinCancelBound().until(writing::isDone);
			assertThatExceptionOfType(CompletionException.class).isThrownBy(writing::join)
				.withCauseInstanceOf(PipeClosedException.class);
		}
	}

	@Test
	void openWithoutAReaderTimesOut() throws Exception {
		try (PipeOutput output = newOutput()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> output.open(Duration.ofMillis(200)))
				.withMessageContaining("no reader");
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
		}
	}

	@Test
	void writingAfterTheReaderLeftIsABrokenPipe() throws Exception {
		PipeInput input = newInput();
		input.open(Duration.ZERO);
		try (PipeOutput output = newOutput()) {
			output.open(Duration.ofSeconds(5));
			output.write(bytes("before"));
			input.close();
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> output.write(bytes("after")))
				.withMessageContaining("went away");
		}
	}

	@Test
	void missingFifoIsNotFoundForBothEnds() throws Exception {
		String missing = this.backend.resolvePath("missing", this.options);
		try (PipeInput input = this.backend.newInput("missing", missing, null, this.options);
				PipeOutput output = this.backend.newOutput("missing", missing, null, this.options)) {
			assertThatExceptionOfType(PipeNotFoundException.class).isThrownBy(() -> input.open(Duration.ZERO));
			assertThatExceptionOfType(PipeNotFoundException.class)
				.isThrownBy(() -> output.open(Duration.ofMillis(50)));
		}
	}

	@Test
	void closedEndsRefuseToOpen() {
		PipeInput input = newInput();
		input.close();
		input.close();
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> input.open(Duration.ZERO));
	}

	@Test
	void bulkBytesArriveInOrder() throws Exception {
		byte[] payload = new byte[8 * 1024 * 1024 + 17];
		for (int i = 0; i < payload.length; i++) {
			payload[i] = (byte) (i * 31 + (i >>> 13));
		}
		try (PipeInput input = newInput(); PipeOutput output = newOutput()) {
			input.open(Duration.ZERO);
			output.open(Duration.ofSeconds(5));
			CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
				try {
					output.write(ByteBuffer.wrap(payload));
					output.close();
				}
				catch (Exception ex) {
					throw new CompletionException(ex);
				}
			}, this.executor);
			RecordingSink sink = new RecordingSink();
			readUntil(input, sink, () -> sink.events().contains("disconnected 1"));
			writing.join();
			assertThat(Arrays.equals(sink.bytes(1), payload)).isTrue();
		}
	}

	/** Close must end a blocked call within 100 ms: checked every 2 ms, starting at once. */
	static ConditionFactory withinCancelBound() {
		return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(CANCEL_BOUND);
	}

	private PipeInput newInput() {
		return this.backend.newInput("ends", this.path, this.created, this.options);
	}

	private PipeOutput newOutput() {
		return this.backend.newOutput("ends", this.path, null, this.options);
	}

	private static void readUntil(PipeInput input, RecordingSink sink, java.util.function.BooleanSupplier done)
			throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime()).as("reading timed out; events so far %s", sink.events()).isLessThan(deadline);
			input.read(sink, Duration.ofMillis(100).toNanos());
		}
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void uncheckedOpen(PipeOutput output, Duration timeout) {
		try {
			output.open(timeout);
		}
		catch (Exception ex) {
			throw new CompletionException(ex);
		}
	}

	/** Whether the thread is inside poll(2), i.e. blocked waiting rather than about to wait. */
	static boolean isPolling(Thread thread) {
		return thread != null && thread.isAlive() && Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().equals(LibC.class.getName()) && frame.getMethodName().equals("poll"));
	}

}
