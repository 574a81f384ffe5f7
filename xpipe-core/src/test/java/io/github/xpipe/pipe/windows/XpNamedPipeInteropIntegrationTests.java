package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * xpipe against python-xp-named-pipe as it behaves on Windows ({@link XpNamedPipePeer}, a separate
 * process making its Win32 calls): a name with {@code /} in both directions, xpipe as server and as
 * client, with the library's ends connecting and disconnecting on every open and close, and Base64
 * datagrams.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XpNamedPipeInteropIntegrationTests {

	private static final int MESSAGES = 50;

	private static final int ROUNDS = 3;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final PeerProcesses peers = new PeerProcesses();

	@AfterEach
	void stopPeers() throws InterruptedException {
		this.peers.close();
	}

	@Test
	void aWriterOpeningAndClosingEachRoundReachesOurServerUnderItsSlashedName() throws Exception {
		String name = slashedName("server-read");
		try (NamedPipe pipe = NamedPipe.of(name, TestPipes.inbound()).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, new Base64Codec()).open(TIMEOUT)) {
			assertThat(pipe.path()).isEqualTo(WindowsPipeBackend.PIPE_PREFIX + name.replace('/', '\\'));
			Process writer = start("client-write", name);
			MessageRecorder recorder = new MessageRecorder();
			recorder.receiveUntil(in, (r) -> r.disconnects >= ROUNDS, TIMEOUT, () -> this.peers.assertAlive(writer));
			this.peers.assertExitedCleanly(writer);
			assertThat(recorder.errors).isEmpty();
			assertThat(recorder.connects).isEqualTo(ROUNDS);
			assertThat(recorder.messages).containsExactlyElementsOf(allRounds());
		}
	}

	@Test
	void ourServerWritesToAReaderOpeningAndClosingEachRound() throws Exception {
		String name = slashedName("server-write");
		try (NamedPipe pipe = NamedPipe.of(name, TestPipes.outbound()).create()) {
			Process reader = start("client-read", name);
			for (int round = 0; round < ROUNDS; round++) {
				// a reader that closed is gone for good: each of its opens is served by a new write end
				try (WritePipeEnd out = new WritePipeEnd(pipe, new Base64Codec()).open(TIMEOUT)) {
					writeRound(out, round);
				}
			}
			this.peers.assertExitedCleanly(reader);
			assertThat(this.peers.lines(reader)).filteredOn((line) -> line.startsWith("read round "))
				.containsExactly("read round 0 50", "read round 1 50", "read round 2 50");
		}
	}

	@Test
	void ourClientWritesToTheirServerAcrossItsConnectAndDisconnectPerOpen() throws Exception {
		String name = slashedName("client-write");
		Process server = start("serve-read", name);
		for (int round = 0; round < ROUNDS; round++) {
			// their read end disconnects on close, and connects again on the next open: we follow
			try (WritePipeEnd out = new WritePipeEnd(name, new Base64Codec()).open(TIMEOUT)) {
				writeRound(out, round);
			}
		}
		this.peers.assertExitedCleanly(server);
		assertThat(this.peers.lines(server)).filteredOn((line) -> line.startsWith("read round "))
			.containsExactly("read round 0 50", "read round 1 50", "read round 2 50");
	}

	@Test
	void ourClientReaderFollowsTheirServerAcrossItsConnectAndDisconnectPerOpen() throws Exception {
		String name = slashedName("client-read");
		Process server = start("serve-write", name);
		MessageRecorder recorder = new MessageRecorder();
		try (ReadPipeEnd in = new ReadPipeEnd(name, new Base64Codec()).open(TIMEOUT)) {
			for (int round = 0; round < ROUNDS; round++) {
				int expected = (round + 1) * MESSAGES;
				recorder.receiveUntil(in, (r) -> r.messages.size() >= expected, TIMEOUT,
						() -> this.peers.assertAlive(server));
				// their write end disconnects when closed, which discards what we have not read: we have read it all
				this.peers.tell(server, "close");
			}
			recorder.receiveUntil(in, (r) -> r.disconnects >= ROUNDS, TIMEOUT, () -> this.peers.assertAlive(server));
		}
		this.peers.assertExitedCleanly(server);
		assertThat(recorder.errors).isEmpty();
		assertThat(recorder.connects).isEqualTo(ROUNDS);
		assertThat(recorder.messages).containsExactlyElementsOf(allRounds());
	}

	private Process start(String mode, String name) throws Exception {
		return this.peers.start(XpNamedPipePeer.class, mode, name, Integer.toString(MESSAGES), Integer.toString(ROUNDS));
	}

	private static void writeRound(WritePipeEnd out, int round) throws Exception {
		for (int i = 0; i < MESSAGES; i++) {
			out.write(XpNamedPipePeer.payload(round, i));
		}
	}

	private static List<byte[]> allRounds() {
		List<byte[]> payloads = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (int i = 0; i < MESSAGES; i++) {
				payloads.add(XpNamedPipePeer.payload(round, i));
			}
		}
		return payloads;
	}

	/** A unique name with a {@code /} in it, as python-xp-named-pipe users name their pipes. */
	private static String slashedName(String purpose) {
		return "xpipe-test/" + TestPipes.uniqueName("xp-" + purpose);
	}

}
