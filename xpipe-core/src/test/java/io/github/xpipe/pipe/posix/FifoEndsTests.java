package io.github.xpipe.pipe.posix;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static io.github.xpipe.pipe.posix.FifoFixtures.isPolling;
import static io.github.xpipe.pipe.posix.FifoFixtures.start;
import static io.github.xpipe.pipe.posix.FifoFixtures.withinCancelBound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The FIFO ends through the SPI, with raw bytes, on real FIFOs. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class FifoEndsTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@TempDir
	Path temp;

	private BackendFifo fifo;

	@BeforeEach
	void createPipe() throws Exception {
		this.fifo = new BackendFifo("ends", PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes")));
	}

	@AfterEach
	void deletePipe() throws Exception {
		this.executor.shutdownNow();
		this.fifo.delete();
	}

	@Test
	void readerFirstThenWriter() throws Exception {
		try (PipeInput input = this.fifo.newInput(); PipeOutput output = this.fifo.newOutput()) {
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
		try (PipeInput input = this.fifo.newInput(); PipeOutput output = this.fifo.newOutput()) {
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
		try (PipeInput input = this.fifo.newInput()) {
			input.open(Duration.ZERO);
			RecordingSink sink = new RecordingSink();
			for (int writer = 1; writer <= 3; writer++) {
				try (PipeOutput output = this.fifo.newOutput()) {
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
		try (PipeInput input = this.fifo.newInput()) {
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
		PipeOutput output = this.fifo.newOutput();
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread opener = start("waiting-writer", () -> output.open(Duration.ofSeconds(30)), outcome);
		await().until(() -> isPolling(opener));
		output.close();
		withinCancelBound().until(() -> !opener.isAlive());
		assertThat(outcome.get()).isInstanceOf(PipeClosedException.class);
	}

	@Test
	void closeCancelsABlockedRead() throws Exception {
		PipeInput input = this.fifo.newInput();
		input.open(Duration.ZERO);
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread reader = start("blocked-reader", () -> input.read(new RecordingSink(), Long.MAX_VALUE), outcome);
		await().until(() -> isPolling(reader));
		input.close();
		withinCancelBound().until(() -> !reader.isAlive());
		assertThat(outcome.get()).isInstanceOf(PipeClosedException.class);
	}

	@Test
	void closeCancelsAWriteBlockedOnAFullPipe() throws Exception {
		try (PipeInput input = this.fifo.newInput()) {
			input.open(Duration.ZERO);
			PipeOutput output = this.fifo.newOutput();
			output.open(Duration.ofSeconds(5));
			AtomicReference<Throwable> outcome = new AtomicReference<>();
			Thread writer = start("blocked-writer", () -> output.write(ByteBuffer.allocateDirect(64 * 1024 * 1024)),
					outcome);
			await().until(() -> isPolling(writer));
			output.close();
			withinCancelBound().until(() -> !writer.isAlive());
			assertThat(outcome.get()).isInstanceOf(PipeClosedException.class);
		}
	}

	@Test
	void closeReleasesEveryDescriptorAlsoAfterReconnects() throws Exception {
		try (PipeInput warmUp = this.fifo.newInput(); PipeOutput warmUpOutput = this.fifo.newOutput()) {
			warmUp.open(Duration.ZERO);
			warmUpOutput.open(Duration.ofSeconds(5));
		}
		Set<String> before = openDescriptors();
		PipeInput input = this.fifo.newInput();
		input.open(Duration.ZERO);
		RecordingSink sink = new RecordingSink();
		for (int writer = 1; writer <= 3; writer++) {
			try (PipeOutput output = this.fifo.newOutput()) {
				output.open(Duration.ofSeconds(5));
				output.write(bytes("x"));
			}
			long connection = writer;
			readUntil(input, sink, () -> sink.events().contains("disconnected " + connection));
		}
		input.close();
		// every descriptor open now was open before; other threads of the JVM may close theirs meanwhile
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(before).containsAll(openDescriptors()));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void capacityIsRaisedToTheRequestCappedByTheSystemMaximum() throws Exception {
		try (PipeInput input = this.fifo.newInput()) {
			input.open(Duration.ZERO);
			assertThat(capacityOfThePipe()).isGreaterThanOrEqualTo(Math.min(PipeOptions.DEFAULT_PIPE_CAPACITY, PipeCapacity.maxSize()));
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void capacityIsConfigurable() throws Exception {
		this.fifo.options = this.fifo.options.withPipeCapacity(256 * 1024);
		try (PipeInput input = this.fifo.newInput()) {
			input.open(Duration.ZERO);
			assertThat(capacityOfThePipe()).isEqualTo(256 * 1024);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void systemMaximumIsReadFromProcDespiteItsZeroSize() throws Exception {
		String text = java.nio.file.Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).trim();
		assertThat(PipeCapacity.maxSize()).isEqualTo(Integer.parseInt(text));
	}

	@Test
	void anIdleReaderSleepsInPollAlsoAfterAWriterLeft() throws Exception {
		try (PipeInput input = this.fifo.newInput()) {
			input.open(Duration.ZERO);
			RecordingSink sink = new RecordingSink();
			try (PipeOutput output = this.fifo.newOutput()) {
				output.open(Duration.ofSeconds(5));
				output.write(bytes("x"));
			}
			readUntil(input, sink, () -> sink.events().contains("disconnected 1"));
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpuBefore = threads.getCurrentThreadCpuTime();
			assertThat(input.read(sink, Duration.ofMillis(500).toNanos())).isFalse();
			long cpuUsed = threads.getCurrentThreadCpuTime() - cpuBefore;
			assertThat(Duration.ofNanos(cpuUsed)).as("CPU used by half a second of idle reading")
				.isLessThan(Duration.ofMillis(50));
		}
	}

	@Test
	void aWriterWaitingForAReaderBacksOffInsteadOfSpinning() throws Exception {
		try (PipeOutput output = this.fifo.newOutput()) {
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpuBefore = threads.getCurrentThreadCpuTime();
			assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> output.open(Duration.ofMillis(500)));
			long cpuUsed = threads.getCurrentThreadCpuTime() - cpuBefore;
			assertThat(Duration.ofNanos(cpuUsed)).as("CPU used by half a second of waiting for a reader")
				.isLessThan(Duration.ofMillis(100));
		}
	}

	@Test
	void openWithoutAReaderTimesOut() throws Exception {
		try (PipeOutput output = this.fifo.newOutput()) {
			long start = System.nanoTime();
			assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> output.open(Duration.ofMillis(200)))
				.withMessageContaining("no reader");
			assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
		}
	}

	@Test
	void writingAfterTheReaderLeftIsABrokenPipe() throws Exception {
		PipeInput input = this.fifo.newInput();
		input.open(Duration.ZERO);
		try (PipeOutput output = this.fifo.newOutput()) {
			output.open(Duration.ofSeconds(5));
			output.write(bytes("before"));
			input.close();
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> output.write(bytes("after")))
				.withMessageContaining("went away");
		}
	}

	@Test
	void missingFifoIsNotFoundForBothEnds() throws Exception {
		String missing = this.fifo.backend.resolvePath("missing", this.fifo.options);
		try (PipeInput input = this.fifo.backend.newInput("missing", missing, null, this.fifo.options);
				PipeOutput output = this.fifo.backend.newOutput("missing", missing, null, this.fifo.options)) {
			assertThatExceptionOfType(PipeNotFoundException.class).isThrownBy(() -> input.open(Duration.ZERO));
			assertThatExceptionOfType(PipeNotFoundException.class)
				.isThrownBy(() -> output.open(Duration.ofMillis(50)));
		}
	}

	@Test
	void closedEndsRefuseToOpen() {
		PipeInput input = this.fifo.newInput();
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
		try (PipeInput input = this.fifo.newInput(); PipeOutput output = this.fifo.newOutput()) {
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

	/** F_GETPIPE_SZ through a descriptor of our own: the capacity belongs to the pipe, not to a descriptor. */
	private int capacityOfThePipe() {
		int fd = LibC.open(Path.of(this.fifo.path), LibC.O_RDONLY | LibC.O_NONBLOCK);
		assertThat(fd).isNotNegative();
		try {
			return LibC.fcntl(fd, LibC.F_GETPIPE_SZ);
		}
		finally {
			LibC.close(fd);
		}
	}

	/**
	 * The descriptors of this process that an end could leak: those of the FIFO and, on Linux, the
	 * pipes and anonymous inodes an end may use to wake a blocked call. Descriptors of other files
	 * (class path jars opened or closed by the JVM meanwhile) are not counted.
	 */
	/**
	 * The descriptors of the kinds an input uses (the FIFO, pipes, event descriptors), each as
	 * "number -> target" on Linux; elsewhere, their numbers.
	 */
	private Set<String> openDescriptors() throws Exception {
		if (!LibC.LINUX) {
			try (var entries = java.nio.file.Files.list(Path.of("/dev/fd"))) {
				return entries.map((entry) -> entry.getFileName().toString()).collect(Collectors.toSet());
			}
		}
		String fifo = Path.of(this.fifo.path).toRealPath().toString();
		try (var entries = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
			return entries.map((entry) -> entry.getFileName() + " -> " + target(entry))
				.filter((entry) -> entry.endsWith(" -> " + fifo) || entry.contains(" -> pipe:")
						|| entry.contains(" -> anon_inode:"))
				.collect(Collectors.toSet());
		}
	}

	private static String target(Path descriptor) {
		try {
			return java.nio.file.Files.readSymbolicLink(descriptor).toString();
		}
		catch (java.io.IOException ex) {
			return ""; // closed since it was listed
		}
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

}
