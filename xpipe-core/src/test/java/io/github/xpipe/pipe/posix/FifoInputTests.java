package io.github.xpipe.pipe.posix;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.MessageSizedSink;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link FifoInput} sizes its reads. */
@EnabledOnOs(OS.LINUX)
class FifoInputTests {

	private static final int READ_BUFFER_SIZE = 16 * 1024;

	private static final int PIPE_CAPACITY = 256 * 1024;

	@TempDir
	Path temp;

	private BackendFifo fifo;

	@BeforeEach
	void createPipe() throws Exception {
		this.fifo = new BackendFifo("input", PipeOptions.defaults()
			.withBaseDirectory(this.temp.resolve("pipes"))
			.withReadBufferSize(READ_BUFFER_SIZE)
			.withPipeCapacity(PIPE_CAPACITY));
	}

	@AfterEach
	void deletePipe() throws Exception {
		this.fifo.delete();
	}

	@Test
	void theRestOfALargeMessageIsReadAtOnceUpToThePipeCapacity() throws Exception {
		byte[] payload = pattern(PIPE_CAPACITY);
		try (FifoInput input = newInput(); PipeOutput output = this.fifo.newOutput()) {
			input.open(Duration.ZERO);
			output.open(Duration.ofSeconds(5));
			assertThat(capacityOfThePipe()).isEqualTo(PIPE_CAPACITY);
			assertThat(input.maxReadSize()).isEqualTo(PIPE_CAPACITY);
			output.write(ByteBuffer.wrap(payload));
			ChunkSink sink = new MessageSink(4 * PIPE_CAPACITY);
			readAll(input, sink, payload.length);
			// The first read starts the connection; then everything the pipe holds comes in one read.
			assertThat(sink.chunkSizes).containsExactly(READ_BUFFER_SIZE, PIPE_CAPACITY - READ_BUFFER_SIZE);
			assertThat(input.bufferCapacity()).isEqualTo(PIPE_CAPACITY);
			assertThat(Arrays.equals(sink.bytes(), payload)).isTrue();
		}
	}

	@Test
	void aReadAsksForTheMissingBytesPlusOneReadBufferAtMostThePipeCapacity() throws Exception {
		int messageLength = 3 * READ_BUFFER_SIZE;
		byte[] payload = pattern(PIPE_CAPACITY);
		try (FifoInput input = newInput(); PipeOutput output = this.fifo.newOutput()) {
			input.open(Duration.ZERO);
			output.open(Duration.ofSeconds(5));
			output.write(ByteBuffer.wrap(payload));
			ChunkSink sink = new MessageSink(messageLength);
			readAll(input, sink, payload.length);
			// 16 KiB to start, then each time the 32 KiB missing plus 16 KiB.
			assertThat(sink.chunkSizes).containsExactly(READ_BUFFER_SIZE, 3 * READ_BUFFER_SIZE, 3 * READ_BUFFER_SIZE,
					3 * READ_BUFFER_SIZE, 3 * READ_BUFFER_SIZE, 3 * READ_BUFFER_SIZE);
			assertThat(Arrays.equals(sink.bytes(), payload)).isTrue();
		}
	}

	@Test
	void withoutAMessageInProgressReadsKeepTheConfiguredSizeEvenWhenThePipeIsFull() throws Exception {
		byte[] payload = pattern(PIPE_CAPACITY);
		try (FifoInput input = newInput(); PipeOutput output = this.fifo.newOutput()) {
			input.open(Duration.ZERO);
			output.open(Duration.ofSeconds(5));
			output.write(ByteBuffer.wrap(payload));
			ChunkSink sink = new ChunkSink();
			readAll(input, sink, payload.length);
			assertThat(sink.chunkSizes).hasSize(PIPE_CAPACITY / READ_BUFFER_SIZE)
				.allSatisfy((size) -> assertThat(size).isEqualTo(READ_BUFFER_SIZE));
			assertThat(input.bufferCapacity()).isEqualTo(READ_BUFFER_SIZE);
			assertThat(Arrays.equals(sink.bytes(), payload)).isTrue();
		}
	}

	private static void readAll(FifoInput input, ChunkSink sink, long length) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (sink.received() < length) {
			assertThat(System.nanoTime()).as("reading timed out after %s", sink.chunkSizes).isLessThan(deadline);
			input.read(sink, Duration.ofMillis(100).toNanos());
		}
	}

	private FifoInput newInput() {
		return (FifoInput) this.fifo.newInput();
	}

	/** F_GETPIPE_SZ through a descriptor of our own: the capacity belongs to the pipe, not to a descriptor. */
	private int capacityOfThePipe() {
		int fd = LibC.open(Path.of(this.fifo.path), LibC.O_RDONLY | LibC.O_NONBLOCK);
		assertThat(fd).isNotNegative();
		try {
			return PipeCapacity.current(fd);
		}
		finally {
			LibC.close(fd);
		}
	}

	private static byte[] pattern(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31 + (i >>> 11));
		}
		return bytes;
	}

	/** Records each chunk's size and its bytes. */
	private static class ChunkSink implements InputSink {

		final List<Integer> chunkSizes = new ArrayList<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		@Override
		public void onConnected(long connectionId) {
		}

		@Override
		public void onData(long connectionId, ByteBuffer data) {
			this.chunkSizes.add(data.remaining());
			byte[] copy = new byte[data.remaining()];
			data.get(copy);
			this.bytes.writeBytes(copy);
		}

		@Override
		public void onDisconnected(long connectionId) {
		}

		long received() {
			return this.bytes.size();
		}

		byte[] bytes() {
			return this.bytes.toByteArray();
		}

	}

	/** A chunk sink that also reports the bytes missing from fixed-length messages, as a decoder would. */
	private static final class MessageSink extends ChunkSink implements MessageSizedSink {

		private final int messageLength;

		MessageSink(int messageLength) {
			this.messageLength = messageLength;
		}

		@Override
		public long missingMessageBytes(long connectionId) {
			long inMessage = received() % this.messageLength;
			return (inMessage == 0) ? 0 : this.messageLength - inMessage;
		}

	}

}
