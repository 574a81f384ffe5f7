package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Windows backend between two processes: a second Windows JVM ({@link WindowsPipePeer}) on the
 * other end of a real named pipe.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsTwoProcessIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final PeerProcesses peers = new PeerProcesses();

	@AfterEach
	void stopPeers() throws InterruptedException {
		this.peers.close();
	}

	@Test
	void twoWriterProcessesAtOnceReachOurServerIntact() throws Exception {
		String name = TestPipes.uniqueName("processes");
		int messages = 200;
		try (NamedPipe pipe = NamedPipe.of(name, TestPipes.inbound()).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open()) {
			Process first = startPeer("write", name, 1, messages);
			Process second = startPeer("write", name, 2, messages);
			Checker checker = new Checker(3);
			while (checker.disconnects < 2) {
				assertThat(checker.received).as("messages so far").isLessThanOrEqualTo(2 * messages);
				in.receive(checker, Duration.ofMillis(500));
				assertAlive(first, second);
			}
			assertThat(checker.next).containsExactly(0, messages, messages);
			assertThat(checker.connects).isEqualTo(2);
			assertExitedCleanly(first);
			assertExitedCleanly(second);
		}
	}

	@Test
	void weReadFromAServerInAnotherProcess() throws Exception {
		String name = TestPipes.uniqueName("peer-server");
		int messages = 200;
		Process server = startPeer("serve", name, 1, messages);
		// the peer's JVM takes a while to start: the client waits for the pipe to appear
		try (ReadPipeEnd in = new ReadPipeEnd(name, new LengthCrc32Codec()).open(TIMEOUT)) {
			Checker checker = new Checker(2);
			while (checker.disconnects < 1) {
				in.receive(checker, Duration.ofMillis(500));
				assertAlive(server);
			}
			assertThat(checker.next[1]).isEqualTo(messages);
		}
		assertExitedCleanly(server);
	}

	@Test
	void aWriterProcessThatDiesIsADisconnectNotAnError() throws Exception {
		String name = TestPipes.uniqueName("killed");
		try (NamedPipe pipe = NamedPipe.of(name, TestPipes.inbound()).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open()) {
			Process doomed = startPeer("write", name, 1, -1);
			Checker checker = new Checker(3);
			while (checker.received < 20) {
				in.receive(checker, Duration.ofMillis(500));
				assertAlive(doomed);
			}
			doomed.destroyForcibly();
			assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (checker.disconnects < 1) {
				assertThat(System.nanoTime() - deadline).isNegative();
				in.receive(checker, Duration.ofMillis(500));
			}
			// the read end lives on: the next writer process is served
			Process next = startPeer("write", name, 2, 5);
			while (checker.disconnects < 2) {
				assertThat(System.nanoTime() - deadline).isNegative();
				in.receive(checker, Duration.ofMillis(500));
			}
			assertThat(checker.next[2]).isEqualTo(5);
			assertExitedCleanly(next);
		}
	}

	private Process startPeer(String mode, String pipe, int writer, int count) throws IOException {
		return this.peers.start(WindowsPipePeer.class, mode, pipe, Integer.toString(writer), Integer.toString(count));
	}

	private void assertAlive(Process... peers) throws IOException {
		this.peers.assertAlive(peers);
	}

	private void assertExitedCleanly(Process peer) throws Exception {
		this.peers.assertExitedCleanly(peer);
	}

	/** Checks every message against {@link WindowsPipePeer#message}, and each writer's order. */
	private static final class Checker extends WriterOrderChecker {

		Checker(int writers) {
			super(writers, "message");
		}

		@Override
		byte[] expected(int writer, int index) {
			Random sizes = new Random(writer);
			int size = 0;
			for (int i = 0; i <= index; i++) {
				size = sizes.nextInt(WindowsPipePeer.MAX_MESSAGE + 1);
			}
			return WindowsPipePeer.message(writer, index, size);
		}

	}

}
