package io.github.xpipe.hardening;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input on a real FIFO, read by the listening application in a process of its own with a
 * small heap ({@value #HEAP}, exiting on OutOfMemoryError): a 100 MB flood of random bytes and a
 * frame that claims 4 GiB.
 */
@DisabledOnOs(OS.WINDOWS)
class BadInputTests {

	private static final String HEAP = "-Xmx64m";

	private static final long FLOOD_BYTES = 100L * 1000 * 1000;

	private static final Duration LONG = Duration.ofSeconds(90);

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "length-crc32", "base64" })
	void floodOfRandomBytes(String framing) {
		Path baseDir = this.temp.resolve("pipes");
		Path fifo = baseDir.resolve("in");
		try (ChildProcess app = ChildProcess.java("app", List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
				ListenerAppMain.class, "--xpipe.base-dir=" + baseDir, "--xpipe.pipes.in.direction=inbound",
				"--xpipe.pipes.in.framing=" + framing, "--logging.level.io.github.xpipe.listener=info")) {
			app.awaitLine("ready"::equals, LONG);
			int logStart = app.lines().size();
			app.send("reset");
			try (ChildProcess flood = ChildProcess.writer("flood", "--path=" + fifo, "--mode=flood",
					"--bytes=" + FLOOD_BYTES, "--writer=7")) {
				assertThat(flood.awaitExit(LONG)).as(flood.describe()).isZero();
			}
			int count = 200;
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + fifo, "--writer=1",
					"--count=" + count, "--size=16-4000", "--framing=" + framing)) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			Stats stats = Stats.when(app, (s) -> s.intact() == count);
			assertThat(app.isAlive()).as(app.describe()).isTrue();
			assertThat(stats.rejected()).isNotEqualTo("{}");
			long logLines = logLinesSince(app, logStart);
			String spurious;
			if (framing.equals("length-crc32")) {
				assertThat(stats.corrupt()).as("random data delivered as a message").isZero();
				spurious = "no random data delivered as a message";
			}
			else {
				// base64 has no checksum: a run of random bytes that is valid Base64 (mostly two 0x00
				// in a row: an empty message) is a valid message by the wire format
				spurious = stats.corrupt() + " chance-valid datagrams (no checksum in base64) delivered, "
						+ "none of them taken for a real message";
			}
			HardeningReport.messages("B1-" + framing, "100 MB of random bytes into an inbound pipe (" + framing
					+ "), then a good writer", count, stats.intact(), count - stats.intact(), 0,
					"listener alive; rejected " + stats.rejected() + "; " + logLines + " log lines (rate-limited; before: "
							+ "408,497 WARN lines for base64); peak heap " + stats.peakHeap() / (1024 * 1024)
							+ " MiB (upper bound over heap pools) in a listener process limited to " + HEAP.substring(4)
							+ "; " + spurious);
			assertThat(logLines).as("log lines for 100 MB of garbage").isLessThan(100);
		}
	}

	@Test
	void frameClaimingFourGibibytesOnAPipe() {
		Path baseDir = this.temp.resolve("pipes");
		Path fifo = baseDir.resolve("in");
		try (ChildProcess app = ChildProcess.java("app", List.of(HEAP, "-XX:+ExitOnOutOfMemoryError"),
				ListenerAppMain.class, "--xpipe.base-dir=" + baseDir, "--xpipe.pipes.in.direction=inbound",
				"--xpipe.pipes.in.max-message-size=2047MB")) {
			app.awaitLine("ready"::equals, LONG);
			app.send("reset");
			try (ChildProcess claim = ChildProcess.writer("claim", "--path=" + fifo, "--mode=claim4g")) {
				assertThat(claim.awaitExit(LONG)).as(claim.describe()).isZero();
			}
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + fifo, "--writer=1", "--count=10")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			Stats stats = Stats.when(app, (s) -> s.intact() == 10);
			assertThat(stats.rejected()).isEqualTo("{skipped=1,too-large=1}");
			assertThat(app.isAlive()).isTrue();
			allocatedByDecodingFourGibibyteHeader(); // loads the classes and links the string concatenations
			long allocated = allocatedByDecodingFourGibibyteHeader();
			assertThat(allocated).as("bytes allocated decoding the header").isLessThan(64 * 1024);
			HardeningReport.messages("B2", "A frame claiming 4 GiB (max-message-size 2047MB), then a good writer", 10,
					stats.intact(), 10 - stats.intact(), 0, "rejected as too-large before any allocation, the 1 KiB "
							+ "after it skipped (reported once) until the next frame: " + allocated + " bytes allocated by the decoder for it (ThreadMXBean); listener process "
							+ "(" + HEAP.substring(4) + ") peak heap " + stats.peakHeap() / (1024 * 1024) + " MiB");
		}
	}

	@Test
	void fiveThousandOneByteBadJsonOrders() {
		Path baseDir = this.temp.resolve("pipes");
		int count = 5000;
		try (ChildProcess app = ChildProcess.java("app", List.of(HEAP), ListenerAppMain.class,
				"--xpipe.base-dir=" + baseDir, "--xpipe.pipes.in.direction=inbound",
				"--xpipe.pipes.orders.direction=inbound", "--logging.level.io.github.xpipe.listener=info")) {
			app.awaitLine("ready"::equals, LONG);
			int logStart = app.lines().size();
			try (ChildProcess writer = ChildProcess.writer("orders-writer", "--path=" + baseDir.resolve("orders"),
					"--count=" + count, "--payload=x")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			await("every order failed and was counted").atMost(LONG).until(() -> failures(app) == count);
			// the summaries of what was left out come at most 10 s after the first one left out
			await("summaries of every failure left out").atMost(LONG)
				.until(() -> loggedOneByOne(app, logStart) + summarised(app, logStart) == count);
			long logLines = logLinesSince(app, logStart);
			List<String> printed = since(app, logStart);
			long traceFrames = printed.stream().filter((line) -> line.startsWith("\tat ")).count();
			long withoutTrace = printed.stream()
				.filter((line) -> line.contains("the stack trace of this failure was logged before"))
				.count();
			HardeningReport.messages("B3", count + " one-byte bad JSON orders to a listener of JSON records, default "
					+ "error handler", count, 0, 0, 0, logLines + " log lines (before: 220,004, a full stack trace per "
							+ "order): the first " + loggedOneByOne(app, logStart) + " in full (one stack trace), then "
							+ "summaries counting the other " + summarised(app, logStart) + "; every failure counted ("
							+ failures(app) + ")");
			assertThat(logLines).as("log lines for %d bad orders", count).isLessThan(100);
			assertThat(traceFrames).as("the first failure's stack trace").isPositive();
			assertThat(withoutTrace).as("later ones of the same failure, one line each")
				.isEqualTo(loggedOneByOne(app, logStart) - 1);
		}
	}

	private static long failures(ChildProcess app) {
		int before = app.lines().size();
		app.send("failures");
		await().atMost(LONG).until(() -> since(app, before).stream().anyMatch((line) -> line.startsWith("failures ")));
		String line = since(app, before).stream()
			.filter((l) -> l.startsWith("failures "))
			.findFirst()
			.orElseThrow();
		return Long.parseLong(line.split(" ")[1]);
	}

	/** The failures logged one by one: error lines of the listener that are not summaries. */
	private static long loggedOneByOne(ChildProcess app, int from) {
		return since(app, from).stream()
			.filter((line) -> line.contains("the listener failed on a message"))
			.count();
	}

	/** The failures the summaries counted. */
	private static long summarised(ChildProcess app, int from) {
		return since(app, from).stream()
			.filter((line) -> line.contains(" more not logged one by one"))
			.mapToLong((line) -> {
				String before = line.substring(0, line.indexOf(" more not logged one by one"));
				return Long.parseLong(before.substring(before.lastIndexOf(' ') + 1));
			})
			.sum();
	}

	/** Lines the application printed since {@code from}, except the answers to this test's commands. */
	private static long logLinesSince(ChildProcess app, int from) {
		long stdout = since(app, from).stream()
			.filter((line) -> !line.startsWith("stats ") && !line.startsWith("failures "))
			.count();
		return stdout + app.errors().lines().count();
	}

	/** A snapshot of the lines printed since {@code from}: more may come while it is read. */
	private static List<String> since(ChildProcess app, int from) {
		List<String> lines = List.copyOf(app.lines());
		return lines.subList(Math.min(from, lines.size()), lines.size());
	}

	/** Bytes this thread allocates while a decoder with the largest maximum reads a 4 GiB header. */
	private static long allocatedByDecodingFourGibibyteHeader() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		FrameDecoder decoder = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true,
				LengthCrc32Codec.MAX_SUPPORTED_MESSAGE_SIZE).newDecoder("in");
		ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFFFFFF).putInt(0xFFFFFFF7)
			.flip();
		FrameException[] rejected = new FrameException[1];
		FrameSink sink = new FrameSink() {

			@Override
			public void onFrame(byte[] payload) {
				throw new AssertionError("a 4 GiB frame was delivered");
			}

			@Override
			public void onError(FrameException error) {
				rejected[0] = error;
			}

		};
		long id = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(id);
		decoder.decode(header, sink);
		long allocated = threads.getThreadAllocatedBytes(id) - before;
		assertThat(rejected[0]).isInstanceOf(FrameTooLargeException.class);
		assertThat(rejected[0].byteCount()).isEqualTo(0xFFFFFFF7L + 12);
		return allocated;
	}

	/** A {@code stats} line of {@link ListenerAppMain}. */
	record Stats(int intact, int corrupt, String rejected, long peakHeap) {

		static Stats when(ChildProcess app, java.util.function.Predicate<Stats> condition) {
			Stats[] last = new Stats[1];
			await("listener stats").atMost(LONG).until(() -> {
				last[0] = query(app);
				return condition.test(last[0]);
			});
			return last[0];
		}

		static Stats query(ChildProcess app) {
			int before = app.lines().size();
			app.send("stats");
			await().atMost(LONG).until(() -> !statsSince(app, before).isEmpty());
			String line = statsSince(app, before).get(0);
			String[] parts = line.split(" ");
			return new Stats(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), parts[3], Long.parseLong(parts[4]));
		}

		private static List<String> statsSince(ChildProcess app, int index) {
			return since(app, index).stream().filter((l) -> l.startsWith("stats ")).toList();
		}

	}

}
