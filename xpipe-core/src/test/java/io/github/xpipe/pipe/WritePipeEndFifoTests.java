package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coalesced writes on a real FIFO shared by several write ends, each with its own descriptor as a
 * separate process would have: batches within PIPE_BUF never interleave, whether their frames were
 * written, enqueued or sent asynchronously (each third sender does the same).
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class WritePipeEndFifoTests {

	private final FrameCodec codec = new LengthCrc32Codec();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@TempDir
	Path temp;

	@AfterEach
	void stop() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void fourWriteEndsWithConcurrentWritingAndEnqueuingSendersDeliverEveryMessageInEachSendersOrder() throws Exception {
		int ends = 4;
		int sendersPerEnd = 3;
		int perSender = 2000;
		PipeOptions options = PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes"));
		try (NamedPipe pipe = NamedPipe.of("shared", options).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, this.codec).open()) {
			List<WritePipeEnd> writers = new ArrayList<>();
			List<CompletableFuture<Void>> sending = new ArrayList<>();
			try {
				for (int e = 0; e < ends; e++) {
					WritePipeEnd out = new WritePipeEnd(pipe, this.codec).open(Duration.ofSeconds(10));
					writers.add(out);
					for (int t = 0; t < sendersPerEnd; t++) {
						int sender = e * sendersPerEnd + t;
						sending.add(CompletableFuture.runAsync(() -> send(out, sender, perSender), this.executor));
					}
				}
				int total = ends * sendersPerEnd * perSender;
				int[] next = new int[ends * sendersPerEnd];
				int received = 0;
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
				while (received < total && System.nanoTime() < deadline) {
					// a torn or interleaved frame would fail here as a FrameException (CRC or length)
					byte[] message = in.read(Duration.ofSeconds(1));
					if (message != null) {
						ByteBuffer fields = ByteBuffer.wrap(message);
						int sender = fields.getInt();
						assertThat(fields.getInt()).as("sender %d's order", sender).isEqualTo(next[sender]++);
						assertThat(message).isEqualTo(message(sender, next[sender] - 1, message.length - 8));
						received++;
					}
				}
				CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
				assertThat(received).isEqualTo(total);
			}
			finally {
				writers.forEach(WritePipeEnd::close);
			}
		}
	}

	private void send(WritePipeEnd out, int sender, int count) {
		Random random = new Random(sender);
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		try {
			for (int sequence = 0; sequence < count; sequence++) {
				// frames of at most 500 bytes: within PIPE_BUF on Linux (4096) and macOS (512)
				byte[] message = message(sender, sequence, random.nextInt(480));
				switch (sender % 3) {
					case 0 -> out.write(message);
					case 1 -> out.enqueue(message);
					default -> futures.add(out.writeAsync(message));
				}
			}
			out.flush();
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
		}
		catch (IOException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] message(int sender, int sequence, int size) {
		ByteBuffer message = ByteBuffer.allocate(8 + size).putInt(sender).putInt(sequence);
		for (int i = 0; i < size; i++) {
			message.put((byte) (sender * 31 + sequence + i));
		}
		return message.array();
	}

}
