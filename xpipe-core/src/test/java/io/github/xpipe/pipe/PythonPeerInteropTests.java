package io.github.xpipe.pipe;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Interop with a real {@code python3} peer speaking the Python libraries' framings over a real FIFO,
 * in both directions: 10,000 messages of random sizes from 0 to 256 KiB (seeded), compared byte for
 * byte and in order through a SHA-256 per message. Sizes are drawn half uniformly, half
 * log-uniformly, so that both large frames split across many reads and runs of small frames sharing
 * one read are common (a uniform draw alone almost never yields a frame under 1 KiB).
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PythonPeerInteropTests {

	private static final int COUNT = 10_000;

	private static final int MAX_SIZE = 256 * 1024;

	private static final int POOL_SLACK = 65536;

	private static final long SEED = 20_240_601L;

	@TempDir
	Path temp;

	private NamedPipe pipe;

	private final List<PythonPeer> peers = new ArrayList<>();

	@BeforeAll
	static void requirePython() {
		PythonPeer.requirePython();
	}

	@BeforeEach
	void createPipe() throws Exception {
		this.pipe = NamedPipe.of("interop", PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes")))
			.create();
	}

	@AfterEach
	void cleanUp() throws Exception {
		this.peers.forEach(PythonPeer::destroy);
		this.pipe.delete();
	}

	static Stream<Arguments> framings() {
		return Stream.of(Arguments.of("base64", new Base64Codec(), List.of("--framing", "base64")),
				Arguments.of("length-crc32, little-endian, CRC",
						new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE),
						List.of("--framing", "length-crc32", "--byte-order", "little")),
				Arguments.of("length-crc32, big-endian, no CRC",
						new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE),
						List.of("--framing", "length-crc32", "--byte-order", "big", "--no-crc")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void javaSendsPythonReceives(String description, FrameCodec codec, List<String> framing) throws Exception {
		PythonPeer peer = startPeer("receive", framing, "--max-size", Integer.toString(MAX_SIZE));
		Random random = new Random(SEED);
		byte[] pool = new byte[MAX_SIZE + POOL_SLACK];
		random.nextBytes(pool);
		List<String> sent = new ArrayList<>(COUNT);
		try (WritePipeEnd out = new WritePipeEnd(this.pipe, codec).open(Duration.ofSeconds(20))) {
			for (int i = 0; i < COUNT; i++) {
				int size = randomSize(random);
				int offset = random.nextInt(POOL_SLACK);
				out.write(pool, offset, size);
				sent.add(PythonPeer.digestLine(pool, offset, size));
			}
		}
		PythonPeer.assertSameMessages(peer.awaitDigests(60), sent);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void pythonSendsJavaReceives(String description, FrameCodec codec, List<String> framing) throws Exception {
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, codec).open()) {
			PythonPeer peer = startPeer("send", framing, "--max-size", Integer.toString(MAX_SIZE), "--count",
					Integer.toString(COUNT), "--seed", Long.toString(SEED));
			DigestingListener received = new DigestingListener();
			receiveUntil(in, received, peer, () -> received.disconnections == 1);
			assertThat(received.errors).isEmpty();
			PythonPeer.assertSameMessages(received.digests, peer.awaitDigests(60));
		}
	}

	@Test
	void readerSurvivesPythonWritersComingAndGoing() throws Exception {
		List<String> framing = List.of("--framing", "length-crc32");
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, new LengthCrc32Codec()).open()) {
			DigestingListener received = new DigestingListener();
			List<String> expected = new ArrayList<>();
			for (int writer = 1; writer <= 3; writer++) {
				PythonPeer peer = startPeer("send", framing, "--max-size", "4096", "--count", "100", "--seed",
						Integer.toString(writer));
				int connections = writer;
				receiveUntil(in, received, peer, () -> received.disconnections == connections);
				expected.addAll(peer.awaitDigests(30));
			}
			assertThat(received.connections).isEqualTo(3);
			assertThat(received.errors).isEmpty();
			PythonPeer.assertSameMessages(received.digests, expected);
		}
	}

	/** Half uniform over [0, MAX_SIZE], half log-uniform: the same mixture the Python peer sends. */
	private static int randomSize(Random random) {
		if (random.nextBoolean()) {
			return random.nextInt(MAX_SIZE + 1);
		}
		double log2 = Math.log(MAX_SIZE + 1) / Math.log(2);
		return (int) Math.min(MAX_SIZE, Math.round(Math.pow(2, random.nextDouble() * log2)) - 1);
	}

	private PythonPeer startPeer(String mode, List<String> framing, String... arguments) throws Exception {
		List<String> all = new ArrayList<>(framing);
		all.addAll(List.of(arguments));
		PythonPeer peer = PythonPeer.start(mode, this.pipe.path(), this.temp, all);
		this.peers.add(peer);
		return peer;
	}

	private static void receiveUntil(ReadPipeEnd in, DigestingListener listener, PythonPeer peer,
			java.util.function.BooleanSupplier done) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				fail("Timed out after " + listener.digests.size() + " messages; Python peer output: " + peer.output());
			}
			if (in.receive(listener, Duration.ofMillis(200)) == 0 && !peer.isAlive() && !done.getAsBoolean()
					&& listener.disconnections == 0) {
				fail("The Python peer exited before sending; its output: " + peer.output());
			}
		}
	}

	/** Keeps a digest line per message, and counts writer connections and rejected frames. */
	private static final class DigestingListener implements PipeMessageListener {

		final List<String> digests = new ArrayList<>();

		final List<FrameException> errors = new ArrayList<>();

		int connections;

		int disconnections;

		@Override
		public void onMessage(byte[] payload) {
			this.digests.add(PythonPeer.digestLine(payload, 0, payload.length));
		}

		@Override
		public void onError(FrameException error) {
			this.errors.add(error);
		}

		@Override
		public void onWriterConnected(long connectionId) {
			this.connections++;
		}

		@Override
		public void onWriterDisconnected(long connectionId) {
			this.disconnections++;
		}

	}

}
