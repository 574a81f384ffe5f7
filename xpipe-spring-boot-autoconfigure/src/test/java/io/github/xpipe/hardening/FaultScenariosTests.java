package io.github.xpipe.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.TruncatedFrameException;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.PipeTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios on real FIFOs: writer processes ({@link WriterMain}) send self-checking payloads
 * to a Spring Boot application listening in this JVM ({@link ListeningApp}); each scenario records
 * sent / delivered / lost / duplicated in the {@link HardeningReport}.
 */
@DisabledOnOs(OS.WINDOWS)
class FaultScenariosTests {

	private static final Duration LONG = Duration.ofSeconds(60);

	private static final int PIPE_BUF = 4096;

	@TempDir
	Path temp;

	@Test
	void writerKilledInTheMiddleOfAFrame() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			String path = app.path("in");
			int count = 200;
			try (ChildProcess killed = ChildProcess.writer("killed-writer", "--path=" + path, "--writer=1",
					"--count=" + count, "--size=16-3000", "--mode=raw", "--half=true")) {
				killed.awaitLine("half"::equals, LONG);
				await().atMost(LONG).until(() -> app.inbox().count() == count);
				killed.kill();
			}
			await().atMost(LONG).until(() -> app.errors().errors().size() == 1);
			assertThat(app.errors().errors().get(0).getCause()).isInstanceOf(TruncatedFrameException.class);
			long truncatedBytes = ((FrameException) app.errors().errors().get(0).getCause()).byteCount();
			try (ChildProcess next = ChildProcess.writer("next-writer", "--path=" + path, "--writer=2",
					"--count=" + count, "--size=16-3000")) {
				assertThat(next.awaitExit(LONG)).as(next.describe()).isZero();
				await().atMost(LONG).until(() -> app.inbox().count() == 2 * count);
				List<Integer> sent = next.acknowledged();
				assertThat(app.inbox().byWriter().get(2)).isEqualTo(sent);
			}
			assertThat(app.inbox().byWriter().get(1)).isEqualTo(IntStream.rangeClosed(1, count).boxed().toList());
			assertThat(app.inbox().corrupt()).isZero();
			HardeningReport.messages("F1", "Writer SIGKILLed in the middle of a frame", 2 * count, app.inbox().count(),
					2 * count - app.inbox().count(), duplicates(app.inbox().received()),
					"the cut frame (" + truncatedBytes + " bytes read) reported once as truncated, never delivered; "
							+ "the next writer's " + count + " messages all delivered in order");
		}
	}

	@Test
	void slowListenerMakesWritersBlock() throws Exception {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			Semaphore permits = new Semaphore(0);
			app.inbox().gate(permits);
			int count = 3000;
			int payloadSize = 4000;
			int frameLength = payloadSize + 12;
			long bound = 2 + (PipeOptions.DEFAULT_READ_BUFFER_SIZE + pipeCapacity()) / frameLength;
			long maxInFlight = 0;
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + app.path("in"), "--writer=1",
					"--count=" + count, "--size=" + payloadSize)) {
				int released = 0;
				while (released < count) {
					int delivered = app.inbox().count();
					// the writer can always get this far ahead: the smallest pipe holds 64 KiB
					long target = Math.min(count, delivered + 1 + 64 * 1024 / frameLength);
					await().atMost(LONG).until(() -> writer.count("ok ") >= target);
					long inFlight = writer.count("ok ") - app.inbox().count();
					assertThat(inFlight).as("messages sent but not yet handled by the gated listener")
						.isLessThanOrEqualTo(bound);
					maxInFlight = Math.max(maxInFlight, inFlight);
					int batch = Math.min(100, count - released);
					permits.release(batch);
					released += batch;
					int expected = released;
					await().atMost(LONG).until(() -> app.inbox().count() == expected);
				}
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
				assertThat(app.inbox().byWriter().get(1)).isEqualTo(sequence(1, count));
			}
			HardeningReport.messages("F3", "Slow listener (handles 100 messages per release)", count,
					app.inbox().count(), count - app.inbox().count(), duplicates(app.inbox().received()),
					"writer blocked: at most " + maxInFlight + " messages (" + (maxInFlight * frameLength / 1024)
							+ " KiB) sent and not yet handled, bounded by the pipe capacity (" + (pipeCapacity() / 1024)
							+ " KiB) plus one read (" + (PipeOptions.DEFAULT_READ_BUFFER_SIZE / 1024) + " KiB); "
							+ "nothing dropped, in order");
		}
	}

	@Test
	void listenerThrowingOnEverySeventhMessage() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			app.inbox().throwEvery(7);
			int count = 700;
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + app.path("in"), "--writer=1",
					"--count=" + count, "--size=16-2000")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			await().atMost(LONG).until(() -> app.inbox().count() + app.errors().errors().size() == count);
			List<Integer> failed = app.errors().failedPayloads().stream().map((p) -> Payloads.parse(p).seq()).toList();
			List<Integer> multiplesOfSeven = sequence(1, count).stream().filter((seq) -> seq % 7 == 0).toList();
			assertThat(failed).isEqualTo(multiplesOfSeven);
			assertThat(app.errors().errors()).allSatisfy((error) -> {
				assertThat(error.isRejectedFrame()).isFalse();
				assertThat(error.getListenerId()).isEqualTo("in");
			});
			assertThat(app.inbox().byWriter().get(1))
				.isEqualTo(sequence(1, count).stream().filter((seq) -> seq % 7 != 0).toList());
			HardeningReport.messages("F4", "Listener throws on every 7th message", count,
					app.inbox().count() + failed.size(), count - app.inbox().count() - failed.size(),
					duplicates(app.inbox().received()), "error handler saw exactly the " + failed.size()
							+ " failing messages (7, 14, ..., " + count + "), each once; the other "
							+ app.inbox().count() + " handled in order; never redelivered");
		}
	}

	@Test
	void fourWritersWithFramesUpToPipeBuf() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			int count = 1000;
			ChildProcess.runWriters(4, app.path("in"), LONG, "--count=" + count, "--size=1-" + (PIPE_BUF - 12));
			await().atMost(LONG).until(() -> app.inbox().count() == 4 * count);
			Map<Integer, List<Integer>> byWriter = app.inbox().byWriter();
			for (int w = 1; w <= 4; w++) {
				assertThat(byWriter.get(w)).as("writer %d, in order", w).isEqualTo(sequence(1, count));
			}
			assertThat(app.errors().errors()).isEmpty();
			assertThat(app.inbox().corrupt()).isZero();
			HardeningReport.messages("F5a", "4 writer processes, one FIFO, frames 13 B - 4 KiB (<= PIPE_BUF)",
					4 * count, app.inbox().count(), 4 * count - app.inbox().count(), duplicates(app.inbox().received()),
					"each writer's order kept, no frame rejected");
		}
	}

	@Test
	void fourWritersWithFramesOverPipeBuf() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			int count = 40;
			long sent = ChildProcess.runWriters(4, app.path("in"), LONG, "--count=" + count, "--size=100000-400000");
			long expected = sent;
			awaitQuietly(() -> app.inbox().count() >= expected);
			long delivered = app.inbox().count();
			Map<String, Integer> rejected = app.errors().rejectedFrames();
			HardeningReport.messages("F5b", "4 writer processes, one FIFO, frames 100-400 KB (> PIPE_BUF)", sent,
					delivered, sent - delivered, duplicates(app.inbox().received()), "rejected " + rejected + ", "
							+ app.inbox().corrupt() + " corrupt: each write over PIPE_BUF holds flock(LOCK_EX) on the FIFO, "
							+ "so large frames of xpipe writers in different processes never interleave (before: 152 of "
							+ "160 lost to interleaving)");
			assertThat(app.inbox().corrupt()).as("interleaved data delivered as a message").isZero();
			assertThat(duplicates(app.inbox().received())).isZero();
			assertThat(delivered).isEqualTo(sent);
			assertThat(rejected).isEmpty();
			for (int w = 1; w <= 4; w++) {
				assertThat(app.inbox().byWriter().get(w)).as("writer %d, in order", w).isEqualTo(sequence(1, count));
			}
		}
	}

	@Test
	void listenerRestartedWhileWritersKeepSending() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			int count = 4000;
			int maxSize = 4000;
			long bound = 2 + (PipeOptions.DEFAULT_READ_BUFFER_SIZE + pipeCapacity()) / 1000;
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + app.path("in"), "--writer=1",
					"--count=" + count, "--size=1000-" + maxSize, "--retry=true", "--timeout-ms=2000",
					"--pause-after=500")) {
				// The writer pauses after 500 messages, so the listener stops while it still has
				// 3,500 to send, however the machine schedules the two processes.
				await().atMost(LONG).until(() -> writer.lines().contains("paused") && app.inbox().count() >= 500);
				app.registry().stop("in");
				int atStop = app.inbox().count();
				writer.send("go");
				// The writer goes on into the kernel buffer, then blocks (or fails, typed).
				Path fifo = Path.of(app.path("in"));
				await().atMost(LONG).until(() -> writer.count("ok ") - atStop >= 64 * 1024 / maxSize
						|| writer.count("err ") > 0 || FifoFill.isFull(fifo, maxSize + 12));
				long sentWhileStopped = writer.count("ok ") - atStop;
				assertThat(sentWhileStopped).as("sent while no listener reads").isLessThanOrEqualTo(bound);
				assertThat(app.inbox().count()).isEqualTo(atStop);
				app.registry().start("in");
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
				List<Integer> acknowledged = writer.acknowledged();
				awaitQuietly(() -> app.inbox().count() >= acknowledged.size());
				Map<Integer, List<Integer>> byWriter = app.inbox().byWriter();
				long lost = lost(1, acknowledged, byWriter);
				long duplicated = duplicates(app.inbox().received());
				List<String> errors = writer.lines().stream().filter((line) -> line.startsWith("err ")).toList();
				HardeningReport.messages("F6", "Listener stopped and restarted while a writer keeps sending", count,
						app.inbox().count(), lost, duplicated, "while stopped the writer got " + errors.size()
								+ " errors and went on into the kernel buffer (" + sentWhileStopped
								+ " messages), then would block; all delivered after the restart, in order");
				assertThat(lost).as("messages whose send returned normally, never delivered").isZero();
				assertThat(duplicated).isZero();
				assertThat(byWriter.get(1)).isEqualTo(sequence(1, count));
			}
		}
	}

	@Test
	void sendWithoutReaderThenReaderAppears() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.out.direction=outbound",
				"xpipe.pipes.out.connect-timeout=500ms")) {
			long start = System.nanoTime();
			assertThatExceptionOfType(PipeSendException.class)
				.isThrownBy(() -> app.template().send("out", Payloads.of(1, 0, 100)))
				.withCauseInstanceOf(PipeTimeoutException.class);
			Duration waited = Duration.ofNanos(System.nanoTime() - start);
			assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(500));
			int count = 100;
			try (ChildProcess reader = ChildProcess.java("reader", List.of("-Xmx64m"), ReaderMain.class,
					app.path("out"), String.valueOf(count))) {
				reader.awaitLine("ready"::equals, LONG);
				for (int seq = 1; seq <= count; seq++) {
					app.template().send("out", Payloads.of(1, seq, 16 + seq));
				}
				assertThat(reader.awaitExit(LONG)).as(reader.describe()).isZero();
				List<String> received = reader.lines().stream().filter((line) -> line.startsWith("recv ")).toList();
				assertThat(received).isEqualTo(sequence(1, count).stream().map((seq) -> "recv 1 " + seq).toList());
				HardeningReport.messages("F7", "Send while no reader exists, then a reader appears", count + 1, count,
						0, 0, "first send: PipeSendException caused by PipeTimeoutException after " + waited.toMillis()
								+ " ms (connect-timeout 500 ms); the " + count + " sends once a reader appeared all "
								+ "delivered in order");
			}
		}
	}

	/** Waits for a condition but goes on if it does not come true: the figures then tell what happened. */
	static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
		try {
			await().atMost(LONG).until(condition);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			// reported and asserted by the caller
		}
	}

	static long pipeCapacity() {
		try (var in = Files.newInputStream(Path.of("/proc/sys/fs/pipe-max-size"))) {
			return Math.min(PipeOptions.DEFAULT_PIPE_CAPACITY,
					Long.parseLong(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return 64 * 1024;
		}
	}

	@Test
	void shutdownDuringFullSpeedTraffic() throws Exception {
		int count = 20000;
		ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.in.framing=base64",
				"hardening.concurrency=4");
		Inbox inbox = app.inbox();
		Path fifo = Path.of(app.path("in"));
		List<ChildProcess> writers = new ArrayList<>();
		WitnessListener afterShutdown = new WitnessListener();
		// a second reader that holds the FIFO open and reads only what the application left in it
		try (ReadPipeEnd witness = new ReadPipeEnd(fifo.toString(), new Base64Codec()).open()) {
			for (int w = 1; w <= 2; w++) {
				writers.add(ChildProcess.writer("writer-" + w, "--path=" + fifo, "--writer=" + w, "--count=" + count,
						"--size=16-1000", "--framing=base64"));
			}
			// both writers have the FIFO open and traffic is at full speed
			await().atMost(LONG).until(() -> writers.stream().allMatch((writer) -> writer.count("ok ") >= 1000)
					&& inbox.count() >= 2000);
			app.close();
			assertThat(fifo).as("the FIFO the application created").doesNotExist();
			int deliveredByApp = inbox.count();
			long deadline = System.nanoTime() + LONG.toNanos();
			// the witness drains the removed FIFO until its last writer has gone
			while (writers.stream().anyMatch(ChildProcess::isAlive) || witness.status().drainingReplaced()
					|| witness.status().state() != ReadEndStatus.State.WAITING_FOR_PIPE) {
				witness.receive(afterShutdown, Duration.ofMillis(200));
				assertThat(System.nanoTime() - deadline).as("draining what the application left").isNegative();
			}
			long sent = 0;
			for (ChildProcess writer : writers) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
				sent += writer.count("ok ");
			}
			List<Payloads.Id> all = new ArrayList<>(inbox.received());
			all.addAll(afterShutdown.received);
			long duplicated = duplicates(all);
			long lost = sent - new HashSet<>(all).size();
			HardeningReport.messages("F8", "Application shut down during full-speed traffic (2 writers, base64, "
					+ "concurrency 4)", sent, deliveredByApp, lost, duplicated, "the application delivered every "
							+ "frame it read; the " + afterShutdown.received.size() + " messages still in the FIFO at "
							+ "shutdown, drained by a second reader, complete the count (" + afterShutdown.errors
							+ " rejected, " + afterShutdown.corrupt + " corrupt); the FIFO it created is removed");
			assertThat(lost).as("sent, neither delivered nor left in the FIFO").isZero();
			assertThat(duplicated).isZero();
			assertThat(inbox.corrupt() + afterShutdown.corrupt + afterShutdown.errors).isZero();
		}
		finally {
			writers.forEach(ChildProcess::close);
			app.close();
		}
	}

	@Test
	void applicationKilledAndRestarted() throws Exception {
		Path baseDir = this.temp.resolve("pipes");
		Path fifo = baseDir.resolve("in");
		String[] appArgs = { "--xpipe.base-dir=" + baseDir, "--xpipe.pipes.in.direction=inbound",
				"--hardening.print=true" };
		int count = 500;
		long received = 0;
		long sent = 0;
		Object inode;
		try (ChildProcess first = ChildProcess.java("app-1", List.of("-Xmx128m"), ListenerAppMain.class, appArgs)) {
			first.awaitLine("ready"::equals, LONG);
			inode = Files.getAttribute(fifo, "unix:ino");
			try (ChildProcess writer = ChildProcess.writer("writer-1", "--path=" + fifo, "--writer=1",
					"--count=" + count, "--size=16-2000")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
				sent += writer.count("ok ");
			}
			await().atMost(LONG).until(() -> first.count("recv 1 ") == count);
			received += first.count("recv ");
			first.kill();
		}
		assertThat(Files.getAttribute(fifo, "unix:ino")).as("the FIFO left by the killed application").isEqualTo(inode);
		try (ChildProcess second = ChildProcess.java("app-2", List.of("-Xmx128m"), ListenerAppMain.class, appArgs)) {
			second.awaitLine("ready"::equals, LONG);
			assertThat(Files.getAttribute(fifo, "unix:ino")).as("the stale FIFO, reused").isEqualTo(inode);
			try (ChildProcess writer = ChildProcess.writer("writer-2", "--path=" + fifo, "--writer=2",
					"--count=" + count, "--size=16-2000")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
				sent += writer.count("ok ");
			}
			await().atMost(LONG).until(() -> second.count("recv 2 ") == count);
			List<String> after = second.lines().stream().filter((line) -> line.startsWith("recv ")).toList();
			assertThat(after).isEqualTo(sequence(1, count).stream().map((seq) -> "recv 2 " + seq).toList());
			received += after.size();
		}
		HardeningReport.messages("F2", "Listening application SIGKILLed and restarted", sent, received,
				sent - received, 0, "the restarted application reused the stale FIFO (same inode, owned by this "
						+ "user); all " + count + " messages sent after the restart delivered in order");
	}

	/** Collects what the second reader of the shutdown scenario gets. */
	private static final class WitnessListener implements PipeMessageListener {

		final List<Payloads.Id> received = new ArrayList<>();

		int corrupt;

		int errors;

		@Override
		public void onMessage(byte[] payload) {
			Payloads.Id id = Payloads.parse(payload);
			if (id != null) {
				this.received.add(id);
			}
			else {
				this.corrupt++;
			}
		}

		@Override
		public void onError(FrameException error) {
			this.errors++;
		}

	}

	static long duplicates(List<Payloads.Id> received) {
		Set<Payloads.Id> seen = new HashSet<>();
		return received.stream().filter((id) -> !seen.add(id)).count();
	}

	/** Messages acknowledged by {@code writer} and never delivered. */
	static long lost(int writer, List<Integer> acknowledged, Map<Integer, List<Integer>> delivered) {
		Set<Integer> got = new HashSet<>(delivered.getOrDefault(writer, List.of()));
		return acknowledged.stream().filter((seq) -> !got.contains(seq)).count();
	}

	static List<Integer> sequence(int from, int to) {
		return new ArrayList<>(IntStream.rangeClosed(from, to).boxed().toList());
	}

}
