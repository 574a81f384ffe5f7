package io.github.xpipe.pipe.windows;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeBusyException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * xpipe's message pipes against npipes as it behaves ({@link NpipesPeer}, a separate process making
 * npipes' Win32 calls): each pairing carries 100 messages in a row, one connection each, and every
 * message arrives once, in order.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NpipesInteropIntegrationTests {

	private static final int MESSAGES = 100;

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final PipeOptions MESSAGE_PIPE = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);

	private final PeerProcesses peers = new PeerProcesses();

	@AfterEach
	void stopPeers() throws InterruptedException {
		this.peers.close();
	}

	@Test
	void aSenderServingEachMessageOnANewPipeReachesOurClientReader() throws Exception {
		assertTheClientReaderReceivesEverySenderMessage(false);
	}

	@Test
	void aSenderComputingCrcsReachesOurClientReaderCheckingThem() throws Exception {
		assertTheClientReaderReceivesEverySenderMessage(true);
	}

	@Test
	void ourClientWriterReachesAReceiverServingOneMessagePerConnection() throws Exception {
		String name = TestPipes.uniqueName("npipes-receive-server");
		Process receiver = this.peers.start(NpipesPeer.class, "receive", name, Integer.toString(MESSAGES));
		try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(name, MESSAGE_PIPE), npipesCodec()).open(TIMEOUT)) {
			for (int i = 0; i < MESSAGES; i++) {
				out.write(NpipesPeer.text(i).getBytes(StandardCharsets.US_ASCII));
			}
		}
		this.peers.assertExitedCleanly(receiver);
		assertReceivedEveryMessageOnceInOrder(receiver, "server");
	}

	@Test
	void aReceiverFindingOurSingleInstanceBusyReadsEachMessageAsOurClient() throws Exception {
		String name = TestPipes.uniqueName("npipes-receive-client");
		PipeOptions options = TestPipes.outbound().withPipeMode(PipeMode.MESSAGE).withMaxInstances(1);
		try (NamedPipe pipe = NamedPipe.of(name, options).create()) {
			Process receiver = this.peers.start(NpipesPeer.class, "receive", name, Integer.toString(MESSAGES));
			try (WritePipeEnd out = new WritePipeEnd(pipe, npipesCodec()).open(TIMEOUT)) {
				for (int i = 0; i < MESSAGES; i++) {
					out.write(NpipesPeer.text(i).getBytes(StandardCharsets.US_ASCII));
				}
			}
			this.peers.assertExitedCleanly(receiver);
			assertReceivedEveryMessageOnceInOrder(receiver, "client");
		}
	}

	@Test
	void aNameAnNpipesSenderServesCannotBeTakenOver() throws Exception {
		String name = TestPipes.uniqueName("npipes-squat");
		Process sender = this.peers.start(NpipesPeer.class, "send", name, "1", "false");
		await().atMost(TIMEOUT).until(() -> this.peers.lines(sender).contains("created 0"));
		// its one instance is taken, and ours would be a first instance: refused, not shared
		NamedPipe squatter = NamedPipe.of(name, TestPipes.inbound().withPipeMode(PipeMode.MESSAGE));
		assertThatExceptionOfType(PipeBusyException.class).isThrownBy(squatter::create)
			.withMessageContaining("another process already serves " + squatter.path());
		try (ReadPipeEnd in = new ReadPipeEnd(NamedPipe.of(name, MESSAGE_PIPE), npipesCodec()).open(TIMEOUT)) {
			assertThat(in.read(TIMEOUT)).asString(StandardCharsets.US_ASCII).isEqualTo(NpipesPeer.text(0));
		}
		this.peers.assertExitedCleanly(sender);
	}

	private void assertTheClientReaderReceivesEverySenderMessage(boolean crc) throws Exception {
		String name = TestPipes.uniqueName("npipes-send");
		Process sender = this.peers.start(NpipesPeer.class, "send", name, Integer.toString(MESSAGES),
				Boolean.toString(crc));
		MessageRecorder recorder = new MessageRecorder();
		try (ReadPipeEnd in = new ReadPipeEnd(NamedPipe.of(name, MESSAGE_PIPE), new LengthCrc32Codec()).open(TIMEOUT)) {
			recorder.receiveUntil(in, (r) -> r.messages.size() >= MESSAGES && r.disconnects >= MESSAGES,
					Duration.ofSeconds(240), () -> this.peers.assertAlive(sender));
		}
		this.peers.assertExitedCleanly(sender);
		assertThat(recorder.errors).isEmpty();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			expected.add(NpipesPeer.text(i));
		}
		assertThat(recorder.messages).extracting((payload) -> new String(payload, StandardCharsets.US_ASCII))
			.containsExactlyElementsOf(expected);
		// the sender's server is gone after every message and back for the next
		assertThat(recorder.connects).isEqualTo(MESSAGES);
		assertThat(this.peers.lines(sender)).filteredOn((line) -> line.startsWith("sent ")).hasSize(MESSAGES);
	}

	private void assertReceivedEveryMessageOnceInOrder(Process receiver, String role) throws Exception {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			expected.add("received " + role + " " + NpipesPeer.summary(NpipesPeer.text(i)));
		}
		assertThat(this.peers.lines(receiver)).filteredOn((line) -> line.startsWith("received "))
			.containsExactlyElementsOf(expected);
	}

	/**
	 * The codec for npipes: xpipe's defaults read its frames as they are (the byte order is detected,
	 * a CRC of 0 means "not computed", any other is checked); it reads big-endian only, so that is
	 * what is written to it.
	 */
	private static LengthCrc32Codec npipesCodec() {
		return LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN).build();
	}

}
