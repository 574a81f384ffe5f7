package io.github.xpipe.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.pipe.ReadEndStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults that used to cost a whole pipe and now cost at most the bytes they corrupted, with real
 * processes on real FIFOs: a writer injecting a malformed header, a listening application killed in
 * the middle of a frame, a reader started on half a frame, a client that crashes with replies
 * unread, a peer that deletes and re-creates the FIFO for every message, and several processes
 * writing large base64 frames at once. Each records its figures in the {@link HardeningReport}.
 * Linux: some conditions are read from {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class RecoveryScenariosTests {

	private static final Duration LONG = Duration.ofSeconds(120);

	@TempDir
	Path temp;

	@Test
	void malformedHeaderFromASecondWriterWhileTheFirstKeepsSending() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			int count = 1000;
			try (ChildProcess steady = ChildProcess.writer("steady-writer", "--path=" + app.path("in"), "--writer=1",
					"--count=" + count, "--size=16-2000", "--interval-ms=10")) {
				await().atMost(LONG).until(() -> steady.count("ok ") >= 100);
				try (ChildProcess bad = ChildProcess.writer("malformed-writer", "--path=" + app.path("in"),
						"--mode=malformed")) {
					assertThat(bad.awaitExit(LONG)).as(bad.describe()).isZero();
				}
				long sentAfter = count - steady.count("ok ");
				assertThat(steady.awaitExit(LONG)).as(steady.describe()).isZero();
				FaultScenariosTests.awaitQuietly(() -> app.inbox().count() >= count);
				Map<Integer, List<Integer>> byWriter = app.inbox().byWriter();
				long lost = FaultScenariosTests.lost(1, steady.acknowledged(), byWriter);
				HardeningReport.messages("R1", "A writer sends a frame every 10 ms; a second writer injects one malformed "
						+ "header (msgLen != dataLen + 8) and leaves", count, app.inbox().count(), lost,
						FaultScenariosTests.duplicates(app.inbox().received()), "rejected " + app.errors().rejectedFrames()
								+ ": the 8 bad bytes only; the decoder found the next frame by itself, and all " + sentAfter
								+ " frames sent after the injection were delivered in order (before: 1,558 of 2,000 lost "
								+ "until the first writer closed)");
				assertThat(lost).as("frames of the steady writer lost").isZero();
				assertThat(byWriter.get(1)).isEqualTo(FaultScenariosTests.sequence(1, count));
				assertThat(app.inbox().corrupt()).isZero();
			}
		}
	}

	@Test
	void listeningApplicationKilledMidFrameWhileWritersHoldTheFifo() {
		Path baseDir = this.temp.resolve("pipes");
		Path fifo = baseDir.resolve("in");
		String[] appArgs = { "--xpipe.base-dir=" + baseDir, "--xpipe.pipes.in.direction=inbound",
				"--hardening.print=true", "--hardening.delay-ms=2" };
		int count = 300;
		List<String> delivered = new ArrayList<>();
		try (ChildProcess first = ChildProcess.java("app-1", List.of("-Xmx256m"), ListenerAppMain.class, appArgs)) {
			first.awaitLine("ready"::equals, LONG);
			try (ChildProcess holder = ChildProcess.writer("idle-writer", "--path=" + fifo, "--mode=hold");
					ChildProcess writer = ChildProcess.writer("writer", "--path=" + fifo, "--writer=1", "--count=" + count,
							"--size=100000-300000", "--retry=true", "--timeout-ms=" + LONG.toMillis())) {
				holder.awaitLine("holding"::equals, LONG);
				await().atMost(LONG).until(() -> first.count("recv 1 ") >= 20);
				first.kill();
				delivered.addAll(received(first));
				long ackedAtKill = writer.count("ok ");
				try (ChildProcess second = ChildProcess.java("app-2", List.of("-Xmx256m"), ListenerAppMain.class,
						appArgs)) {
					second.awaitLine("ready"::equals, LONG);
					assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
					FaultScenariosTests.awaitQuietly(() -> second.count("recv 1 " + count) == 1);
					List<String> afterRestart = received(second);
					delivered.addAll(afterRestart);
					Set<String> unique = new HashSet<>(delivered);
					long duplicated = delivered.size() - unique.size();
					long lost = count - unique.size();
					// what the killed application had read and not yet handled, at most one read and one frame
					long bound = 2 + (FaultScenariosTests.pipeCapacity() + 256 * 1024) / 100_000;
					HardeningReport.messages("R2", "Listening application SIGKILLed in the middle of a frame while writers "
							+ "hold the FIFO open, then restarted", count, unique.size(), lost, duplicated,
							"the restarted application started on the rest of a cut frame, skipped it and delivered every "
									+ "later frame (" + afterRestart.size() + "), " + corruptOrErrors(second) + "; lost: what the "
									+ "killed one had read and not handled (bound " + bound + "); the writer reconnected by "
									+ "itself after " + ackedAtKill + " acknowledged (before: 0 of 200 delivered until "
									+ "every writer closed)");
					assertThat(second.count("corrupt")).isZero();
					assertThat(duplicated).isZero();
					assertThat(lost).as("frames lost beyond what the killed application had read").isLessThanOrEqualTo(bound);
					assertThat(afterRestart).as("the last frames, sent after the restart").contains("recv 1 " + count);
				}
			}
		}
	}

	@Test
	void readerStartedOnAFifoThatAlreadyHoldsHalfAFrame() throws Exception {
		Path directory = Files.createDirectory(this.temp.resolve("peer"));
		Path fifo = directory.resolve("in");
		run("mkfifo", "-m", "600", fifo.toString());
		int count = 50;
		int firstFrame = new LengthCrc32Codec().encodedLength(Payloads.size(1, 1, 500, 1500));
		try (ChildProcess previous = ChildProcess.java("previous-reader", List.of("-Xmx64m"), ReaderMain.class,
				fifo.toString(), "0", "raw-bytes=" + firstFrame / 2);
				ChildProcess holder = ChildProcess.writer("idle-writer", "--path=" + fifo, "--mode=hold")) {
			holder.awaitLine("holding"::equals, LONG);
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + fifo, "--writer=1", "--count=" + count,
					"--size=500-1500", "--mode=raw")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			previous.awaitLine(("read " + firstFrame / 2)::equals, LONG);
			try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.in.path=" + fifo,
					"xpipe.pipes.in.create=false")) {
				previous.kill();
				FaultScenariosTests.awaitQuietly(() -> app.inbox().count() >= count - 1);
				List<Integer> got = app.inbox().byWriter().getOrDefault(1, List.of());
				HardeningReport.messages("R6", "Reader started on a FIFO that already holds half a frame (a reader "
						+ "before stopped inside it; a writer holds the FIFO open)", count, got.size(), count - got.size(),
						FaultScenariosTests.duplicates(app.inbox().received()), "rejected " + app.errors().rejectedFrames()
								+ ": the rest of the cut frame (" + (firstFrame - firstFrame / 2) + " bytes) skipped; the "
								+ (count - 1) + " frames after it delivered in order (before: none, until every writer closed)");
				assertThat(got).isEqualTo(FaultScenariosTests.sequence(2, count));
				assertThat(app.inbox().corrupt()).isZero();
				assertThat(app.errors().rejectedFrames()).containsOnlyKeys("skipped");
			}
		}
	}

	@Test
	void clientReadsPartOfItsRepliesAndCrashes() throws Exception {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.out.direction=outbound")) {
			Path out = Path.of(app.path("out"));
			int first = 200;
			try (ChildProcess crashing = ChildProcess.java("crashing-client", List.of("-Xmx64m"), ReaderMain.class,
					out.toString(), "1000", "stop-after=50")) {
				crashing.awaitLine("ready"::equals, LONG);
				for (int seq = 1; seq <= first; seq++) {
					app.template().send("out", Payloads.of(1, seq, Payloads.size(1, seq, 1000, 3000)));
				}
				crashing.awaitLine("stopped"::equals, LONG);
				crashing.kill();
			}
			// the application's end of the FIFO is closed once its reader is gone: the kernel drops what was left
			await().atMost(LONG).until(() -> !holdsOpen(out));
			int next = 100;
			try (ChildProcess client = ChildProcess.java("next-client", List.of("-Xmx64m"), ReaderMain.class,
					out.toString(), Integer.toString(next))) {
				client.awaitLine("ready"::equals, LONG);
				for (int seq = first + 1; seq <= first + next; seq++) {
					app.template().send("out", Payloads.of(1, seq, Payloads.size(1, seq, 1000, 3000)));
				}
				assertThat(client.awaitExit(LONG)).as(client.describe()).isZero();
				List<String> got = client.lines().stream().filter((line) -> !line.equals("ready")).toList();
				HardeningReport.messages("R3", "A client reads 50 of 200 replies and crashes; the next client", first + next,
						50 + next, first - 50, 0, "the application closed its end as soon as the reader was gone, so the "
								+ "kernel dropped the " + (first - 50) + " replies left unread (sent, never read: the "
								+ "at-most-once edge); the next send reconnected and the next client got exactly its " + next
								+ " replies, nothing stale, no rejected frame (before: the next two clients failed with "
								+ "'malformed frame')");
				assertThat(got).isEqualTo(FaultScenariosTests.sequence(first + 1, first + next).stream()
					.map((seq) -> "recv 1 " + seq).toList());
			}
		}
	}

	@Test
	void peerThatDeletesAndRecreatesItsFifoForEveryMessageBothWays() throws Exception {
		Path directory = Files.createDirectory(this.temp.resolve("peer"));
		Path in = directory.resolve("in");
		Path out = directory.resolve("out");
		int count = 100;
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.in.path=" + in,
				"xpipe.pipes.in.create=false", "xpipe.pipes.in.framing=base64", "xpipe.pipes.out.path=" + out,
				"xpipe.pipes.out.direction=outbound", "xpipe.pipes.out.create=false", "xpipe.pipes.out.framing=base64")) {
			// a use that sends nothing: the listener opens the FIFO, then the peer removes it
			try (ChildProcess idle = XpNamedPipePeer.idleUse(in)) {
				idle.awaitLine("created"::equals, LONG);
				await().atMost(LONG).until(() -> holdsOpen(in));
				idle.send("done");
				assertThat(idle.awaitExit(LONG)).as(idle.describe()).isZero();
			}
			try (ChildProcess sender = XpNamedPipePeer.sender(in, count)) {
				assertThat(sender.awaitExit(LONG)).as(sender.describe()).isZero();
			}
			await().atMost(LONG).until(() -> app.inbox().count() >= count);
			ManagedPipe inbound = app.bean(PipeRegistry.class).getPipe("in", "a test");
			ReadEndStatus reader = inbound.getReadStatus();
			assertThat(app.inbox().byWriter().get(5)).isEqualTo(FaultScenariosTests.sequence(1, count));
			assertThat(reader.replacementsFollowed()).as("FIFOs followed").isGreaterThanOrEqualTo(count);

			List<String> received;
			try (ChildProcess receiver = XpNamedPipePeer.receiver(out, count)) {
				for (int seq = 1; seq <= count; seq++) {
					String use = "listening " + seq;
					receiver.awaitLine(use::equals, LONG);
					app.template().send("out", Payloads.of(1, seq, 16 + seq));
				}
				assertThat(receiver.awaitExit(LONG)).as(receiver.describe()).isZero();
				received = receiver.lines().stream().filter((line) -> line.startsWith("recv ")).toList();
			}
			List<Integer> sequence = received.stream()
				.map((line) -> Payloads.parse(HexFormat.of().parseHex(line.substring(5))))
				.map((id) -> (id != null) ? id.seq() : -1)
				.toList();
			HardeningReport.messages("R4", "A peer that deletes and re-creates its FIFO for every message "
					+ "(python-xp-named-pipe on Linux), " + count + " each way, xpipe with create: false", 2L * count,
					app.inbox().count() + received.size(), 2L * count - app.inbox().count() - received.size(), 0,
					"inbound: after a use that sent nothing, the listener followed " + reader.replacementsFollowed()
							+ " new FIFOs, every message "
							+ "delivered in order; outbound: every send reconnected to the peer's new FIFO and returned "
							+ "normally (before: the listener stayed on the deleted FIFO and the peer's next writer blocked "
							+ "forever; one reply lost with EPIPE)");
			assertThat(sequence).isEqualTo(FaultScenariosTests.sequence(1, count));
		}
	}

	@Test
	void fourWriterProcessesWithLargeBase64Frames() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.in.framing=base64")) {
			int count = 40;
			long sent = ChildProcess.runWriters(4, app.path("in"), LONG, "--count=" + count, "--size=10000-200000",
					"--framing=base64");
			long expected = sent;
			FaultScenariosTests.awaitQuietly(() -> app.inbox().count() + app.inbox().corrupt() >= expected);
			HardeningReport.messages("R5", "4 writer processes, one FIFO, base64 frames 10-200 KB (> PIPE_BUF)", sent,
					app.inbox().count(), sent - app.inbox().count(), FaultScenariosTests.duplicates(app.inbox().received()),
					app.inbox().corrupt() + " spliced fragments delivered, rejected " + app.errors().rejectedFrames()
							+ ": each write over PIPE_BUF holds flock(LOCK_EX) on the FIFO, so the frames of xpipe writers "
							+ "never interleave (before: 583 spliced fragments delivered as messages)");
			assertThat(app.inbox().corrupt()).as("spliced fragments delivered as messages").isZero();
			assertThat(app.inbox().count()).isEqualTo(sent);
			assertThat(app.errors().rejectedFrames()).isEmpty();
		}
	}

	private static List<String> received(ChildProcess app) {
		return app.lines().stream().filter((line) -> line.startsWith("recv ")).toList();
	}

	private static String corruptOrErrors(ChildProcess app) {
		return app.count("corrupt") + " corrupt";
	}

	/** Whether this process has a descriptor of the file at {@code path} open. */
	private static boolean holdsOpen(Path path) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			return descriptors.anyMatch((descriptor) -> {
				try {
					return Files.readSymbolicLink(descriptor).equals(path);
				}
				catch (IOException ex) {
					return false; // closed meanwhile
				}
			});
		}
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
	}

}
