package io.github.xpipe.pipe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WritePipeEnd#writeAsync}: futures completed in the order of their frames once written,
 * or exceptionally with the typed failure; through a backend whose output records every
 * {@code write()} call and can hold one back or fail it. {@code WritePipeEndFifoTests} streams
 * asynchronous sends through a real FIFO.
 */
class WritePipeEndAsyncTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FrameCodec codec = new LengthCrc32Codec();

	private final RecordingOutput output = new RecordingOutput(4096);

	@AfterEach
	void release() {
		this.output.release();
	}

	@Test
	void futuresCompleteInTheOrderOfTheirFramesOnceWrittenAlsoAroundFramesLargerThanABatch() throws Exception {
		List<Integer> completed = new ArrayList<>();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		List<byte[]> sent = new ArrayList<>();
		try (WritePipeEnd end = open(this.codec)) {
			for (int sequence = 0; sequence < 3000; sequence++) {
				byte[] message = message(sequence, (sequence % 500 == 7) ? 100_000 : 64);
				sent.add(message);
				int number = sequence;
				// completed on the one sender thread, in order: no lock needed around the list
				futures.add(end.writeAsync(message).thenRun(() -> completed.add(number)));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		assertThat(completed).hasSize(3000).isSorted();
		assertThat(this.output.decodeAll(this.codec)).containsExactlyElementsOf(sent);
	}

	@Test
	void framesQueuedBehindAWriteLeaveTogetherInWritesOfAtMostPipeBuf() throws Exception {
		List<CompletableFuture<Void>> queued = new ArrayList<>();
		try (WritePipeEnd end = open(this.codec)) {
			this.output.holdNextWrite();
			CompletableFuture<Void> first = end.writeAsync(message(0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			for (int sequence = 1; sequence <= 100; sequence++) {
				queued.add(end.writeAsync(message(sequence, 64)));
			}
			int frame = this.codec.encodedLength(4 + 64);
			await().atMost(WAIT).until(() -> end.pendingBytes() == 100 * frame);
			this.output.release();
			first.get(10, TimeUnit.SECONDS);
			CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}
		assertThat(this.output.decodeAll(this.codec)).hasSize(101);
		List<byte[]> writes = this.output.writes();
		// the held write, then the 100 queued frames in as few writes of whole frames as PIPE_BUF allows
		assertThat(writes).hasSize(1 + (int) Math.ceil(100.0 / (4096 / this.codec.encodedLength(4 + 64))));
		assertThat(writes.subList(1, writes.size())).allSatisfy((write) -> assertThat(write.length).isLessThanOrEqualTo(4096));
	}

	@Test
	void aDependentActionMaySendAgain() throws Exception {
		AtomicInteger sent = new AtomicInteger();
		CompletableFuture<Void> done = new CompletableFuture<>();
		try (WritePipeEnd end = open(this.codec)) {
			sendChained(end, sent, 1000, done);
			done.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.output.decodeAll(this.codec)).hasSize(1000);
	}

	@Test
	void aFailedWriteFailsTheFutureOfEveryFrameItCarriedWithTheTypedError() throws Exception {
		try (WritePipeEnd end = open(this.codec)) {
			this.output.holdNextWrite();
			CompletableFuture<Void> first = end.writeAsync(message(0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			List<CompletableFuture<Void>> queued = new ArrayList<>();
			for (int sequence = 1; sequence <= 5; sequence++) {
				queued.add(end.writeAsync(message(sequence, 10)));
			}
			queued.add(end.writeAsync(message(6, 100_000)));
			this.output.failFromNow(new BrokenPipeException("test", "reader went away (EPIPE)"));
			this.output.release();
			first.get(10, TimeUnit.SECONDS);
			for (CompletableFuture<Void> future : queued) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
					.withCauseInstanceOf(BrokenPipeException.class)
					.withMessageContaining("before this message was written");
			}
		}
	}

	@Test
	void closingFailsTheFuturesOfFramesNotYetWritten() throws Exception {
		WritePipeEnd end = open(this.codec);
		this.output.holdNextWrite();
		CompletableFuture<Void> writing = end.writeAsync(message(0, 10));
		await().atMost(WAIT).until(this.output::isHolding);
		CompletableFuture<Void> waiting = end.writeAsync(message(1, 10));
		CompletableFuture<Void> large = end.writeAsync(message(2, 100_000));
		end.close();
		for (CompletableFuture<Void> future : List.of(writing, waiting, large)) {
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(PipeClosedException.class);
		}
		assertThat(end.writeAsync(message(3, 10))).failsWithin(WAIT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PipeClosedException.class);
	}

	@Test
	void aMessageTooLargeForTheCodecIsAFailedFutureNamingThePipe() throws Exception {
		try (WritePipeEnd end = open(new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 100))) {
			assertThat(end.writeAsync(new byte[101])).failsWithin(WAIT)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOfSatisfying(FrameTooLargeException.class,
						(ex) -> assertThat(ex.pipeName()).isEqualTo("async"));
			end.writeAsync(new byte[100]).get(10, TimeUnit.SECONDS);
		}
		assertThat(this.output.writes()).hasSize(1);
	}

	private void sendChained(WritePipeEnd end, AtomicInteger sent, int total, CompletableFuture<Void> done) {
		int sequence = sent.getAndIncrement();
		end.writeAsync(message(sequence, 64)).whenComplete((ignored, failure) -> {
			if (failure != null) {
				done.completeExceptionally(failure);
			}
			else if (sequence + 1 == total) {
				done.complete(null);
			}
			else {
				sendChained(end, sent, total, done);
			}
		});
	}

	private WritePipeEnd open(FrameCodec codec) throws PipeException {
		return new WritePipeEnd(NamedPipe.of("async", PipeOptions.defaults(), this.output.backend()), codec).open();
	}

	/** A message starting with its sequence number, then {@code size} pattern bytes. */
	private static byte[] message(int sequence, int size) {
		ByteBuffer message = ByteBuffer.allocate(4 + size).putInt(sequence);
		for (int i = 0; i < size; i++) {
			message.put((byte) (sequence + i));
		}
		return message.array();
	}

}
