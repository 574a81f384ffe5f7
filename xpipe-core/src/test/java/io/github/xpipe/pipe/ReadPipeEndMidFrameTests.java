package io.github.xpipe.pipe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read ends that start where another one stopped: on a FIFO that already holds the rest of a frame
 * (they resynchronise and lose only that rest), and after a read end of the same pipe that stopped
 * between frames (they lose nothing, whatever the framing).
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class ReadPipeEndMidFrameTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "base64", "length-crc32" })
	void aReaderStartedOnAFifoHoldingHalfAFrameSkipsItAndDeliversTheFramesAfterIt(String framing) throws Exception {
		FrameCodec codec = codec(framing);
		try (NamedPipe pipe = NamedPipe.of("orders", options()).create();
				NamedPipe small = NamedPipe.of(pipe.path(), options().withReadBufferSize(100));
				ReadPipeEnd previous = new ReadPipeEnd(small, codec).open();
				WritePipeEnd writer = new WritePipeEnd(pipe.path(), codec).open()) {
			byte[] cut = text("x".repeat(300));
			writer.write(cut);
			Recording before = new Recording();
			previous.receive(before, Duration.ofSeconds(5));
			assertThat(before.messages).as("100 bytes read of a longer frame").isEmpty();
			for (int i = 1; i <= 3; i++) {
				writer.write(text("message " + i));
			}
			Recording after = new Recording();
			try (ReadPipeEnd next = new ReadPipeEnd(pipe, codec).open()) {
				previous.close();
				receiveUntil(next, after, () -> after.messages.size() == 3);
			}
			assertThat(after.messages).containsExactly("message 1", "message 2", "message 3");
			assertThat(after.errors).as("the rest of the cut frame, reported once").hasSize(1);
			assertThat(after.errors.get(0).reason()).isEqualTo(FrameException.Reason.SKIPPED);
			assertThat(after.errors.get(0).byteCount()).isEqualTo(codec.encodedLength(cut.length) - 100);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base64", "length-crc32" })
	void aReadEndAfterOneOfTheSamePipeThatStoppedBetweenFramesLosesNothing(String framing) throws Exception {
		FrameCodec codec = codec(framing);
		try (NamedPipe pipe = NamedPipe.of("orders", options()).create().holdReader();
				WritePipeEnd writer = new WritePipeEnd(pipe.path(), codec).open()) {
			Recording first = new Recording();
			try (ReadPipeEnd end = new ReadPipeEnd(pipe, codec).open()) {
				writer.write(text("before the restart"));
				receiveUntil(end, first, () -> first.messages.size() == 1);
				assertThat(end.isBetweenFrames()).isTrue();
			}
			for (int i = 1; i <= 3; i++) {
				writer.write(text("while stopped " + i));
			}
			Recording second = new Recording();
			try (ReadPipeEnd end = new ReadPipeEnd(pipe, codec).open()) {
				receiveUntil(end, second, () -> second.messages.size() == 3);
			}
			assertThat(second.messages).containsExactly("while stopped 1", "while stopped 2", "while stopped 3");
			assertThat(second.errors).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "base64", "length-crc32" })
	void aReadEndAfterOneOfTheSamePipeThatStoppedMidFrameLosesOnlyThatFrame(String framing) throws Exception {
		FrameCodec codec = codec(framing);
		try (NamedPipe pipe = NamedPipe.of("orders", options().withReadBufferSize(100)).create().holdReader();
				WritePipeEnd writer = new WritePipeEnd(pipe.path(), codec).open()) {
			writer.write(text("y".repeat(300)));
			for (int i = 1; i <= 3; i++) {
				writer.write(text("after " + i));
			}
			try (ReadPipeEnd end = new ReadPipeEnd(pipe, codec).open()) {
				end.receive(new Recording(), Duration.ofSeconds(5));
				assertThat(end.isBetweenFrames()).as("100 bytes read of a longer frame").isFalse();
			}
			Recording next = new Recording();
			try (ReadPipeEnd end = new ReadPipeEnd(pipe, codec).open()) {
				receiveUntil(end, next, () -> next.messages.size() == 3);
			}
			assertThat(next.messages).containsExactly("after 1", "after 2", "after 3");
			assertThat(next.errors).extracting(FrameException::reason).containsExactly(FrameException.Reason.SKIPPED);
		}
	}

	private PipeOptions options() {
		return PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes"));
	}

	private static FrameCodec codec(String framing) {
		return framing.equals("base64") ? new Base64Codec() : new LengthCrc32Codec();
	}

	private static byte[] text(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static void receiveUntil(ReadPipeEnd end, Recording recording, BooleanSupplier done) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("receiving timed out: %s", recording.messages).isNegative();
			end.receive(recording, Duration.ofMillis(100));
		}
	}

	/** What a read end delivered. */
	private static final class Recording implements PipeMessageListener {

		final List<String> messages = new ArrayList<>();

		final List<FrameException> errors = new ArrayList<>();

		@Override
		public void onMessage(byte[] payload) {
			this.messages.add(new String(payload, StandardCharsets.UTF_8));
		}

		@Override
		public void onError(FrameException error) {
			this.errors.add(error);
		}

	}

}
