package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.LengthCrc32Codec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Adaptive write coalescing in {@link WritePipeEnd}, through a backend whose output records every
 * {@code write()} call and can hold one back or fail it.
 */
class WritePipeEndCoalescingTests {

	private static final int PIPE_BUF = 4096;

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FrameCodec codec = new LengthCrc32Codec();

	private final RecordingOutput output = new RecordingOutput(PIPE_BUF);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stop() throws InterruptedException {
		this.output.release();
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aLoneFrameLeavesAtOnceInItsOwnWrite() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			end.write(message(1, 0, 10));
			assertThat(this.output.writes()).hasSize(1);
			assertThat(decode(this.output.writes().get(0))).containsExactly(message(1, 0, 10));
		}
	}

	@Test
	void framesQueuedBehindAWriteLeaveTogetherInTheNextWrite() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			CompletableFuture<Void> first = send(end, message(0, 0, 100));
			await().atMost(WAIT).until(this.output::isHolding);
			List<CompletableFuture<Void>> queued = new ArrayList<>();
			for (int sender = 1; sender <= 10; sender++) {
				queued.add(send(end, message(sender, 0, 100)));
			}
			int frame = this.codec.encodedLength(108);
			await().atMost(WAIT).until(() -> end.pendingBytes() == 10 * frame);
			this.output.release();
			first.get(10, TimeUnit.SECONDS);
			for (CompletableFuture<Void> sent : queued) {
				sent.get(10, TimeUnit.SECONDS);
			}
			assertThat(this.output.writes()).hasSize(2);
			assertThat(this.output.writes().get(1).length).isEqualTo(10 * frame);
			assertThat(decode(this.output.writes().get(1))).hasSize(10);
		}
	}

	@Test
	void batchesStopAtPipeBufByDefault() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			assertThat(end.batchLimit()).isEqualTo(PIPE_BUF);
			assertThat(queueBehindOneWrite(end, 20, 1000)).allSatisfy((write) -> assertThat(write.length).isLessThanOrEqualTo(PIPE_BUF));
		}
	}

	@Test
	void aSingleWriterPipeAllowsBatchesUpTo64KiB() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults().withSingleWriter(true))) {
			assertThat(end.batchLimit()).isEqualTo(64 * 1024);
			List<byte[]> writes = queueBehindOneWrite(end, 20, 1000);
			assertThat(writes).hasSize(2);
			assertThat(writes.get(1).length).isEqualTo(20 * this.codec.encodedLength(1008));
		}
	}

	@Test
	void manySendersKeepFramesWholeAndInOrderAndBatchesWithinTheLimit() throws Exception {
		int senders = 8;
		int perSender = 1500;
		this.output.yieldEveryWrite();
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			List<CompletableFuture<Void>> done = new ArrayList<>();
			for (int sender = 0; sender < senders; sender++) {
				int id = sender;
				done.add(CompletableFuture.runAsync(() -> {
					Random random = new Random(id);
					try {
						for (int sequence = 0; sequence < perSender; sequence++) {
							// mostly small frames, now and then one larger than PIPE_BUF, which leaves alone
							int size = (random.nextInt(50) == 0) ? 5000 + random.nextInt(3000) : random.nextInt(300);
							end.write(message(id, sequence, size));
						}
					}
					catch (IOException ex) {
						throw new IllegalStateException(ex);
					}
				}, this.executor));
			}
			CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		List<byte[]> writes = this.output.writes();
		FrameDecoder decoder = this.codec.newDecoder("test");
		Collector collector = new Collector();
		int coalesced = 0;
		for (byte[] write : writes) {
			int before = collector.messages.size();
			decoder.decode(ByteBuffer.wrap(write), collector);
			int frames = collector.messages.size() - before;
			assertThat(decoder.bufferedBytes()).as("a write carries whole frames only").isZero();
			assertThat(write.length <= PIPE_BUF || frames == 1).as("a write over PIPE_BUF carries one frame").isTrue();
			if (frames > 1) {
				coalesced++;
			}
		}
		assertThat(collector.errors).isEmpty();
		assertThat(collector.messages).hasSize(senders * perSender);
		int[] next = new int[senders];
		for (byte[] message : collector.messages) {
			ByteBuffer fields = ByteBuffer.wrap(message);
			int sender = fields.getInt();
			assertThat(fields.getInt()).as("sender %d's order", sender).isEqualTo(next[sender]++);
			assertThat(message).isEqualTo(message(sender, next[sender] - 1, message.length - 8));
		}
		assertThat(coalesced).as("writes that carried several frames").isPositive();
	}

	@Test
	void aFailedBatchFailsEverySenderItCarried() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			CompletableFuture<Void> first = send(end, message(0, 0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			List<CompletableFuture<Void>> queued = new ArrayList<>();
			for (int sender = 1; sender <= 6; sender++) {
				queued.add(send(end, message(sender, 0, 10)));
			}
			int frame = this.codec.encodedLength(18);
			await().atMost(WAIT).until(() -> end.pendingBytes() == 6 * frame);
			this.output.failFromNow(new BrokenPipeException("test", "reader went away (EPIPE)"));
			this.output.release();
			first.get(10, TimeUnit.SECONDS);
			for (CompletableFuture<Void> sent : queued) {
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
					.withCauseInstanceOf(BrokenPipeException.class);
			}
			assertThat(this.output.writes()).hasSize(1);
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> end.write(message(9, 0, 10)));
		}
	}

	@Test
	void closingFailsTheSendersWaitingOnAWrite() throws Exception {
		WritePipeEnd end = open(PipeOptions.defaults());
		this.output.holdNextWrite();
		CompletableFuture<Void> first = send(end, message(0, 0, 10));
		await().atMost(WAIT).until(this.output::isHolding);
		CompletableFuture<Void> queued = send(end, message(1, 0, 10));
		await().atMost(WAIT).until(() -> end.pendingBytes() > 0);
		end.close();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> first.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(PipeClosedException.class);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> queued.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(PipeClosedException.class);
	}

	@Test
	void bufferedFramesLeaveWithTheNextFlushInAtomicChunksWrittenByTheFlushingThread() throws Exception {
		List<byte[]> sent = new ArrayList<>();
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			for (int sequence = 0; sequence < 100; sequence++) {
				byte[] message = message(0, sequence, 50);
				sent.add(message);
				end.buffer(message);
			}
			assertThat(this.output.writes()).as("nothing written before the flush").isEmpty();
			assertThat(end.pendingBytes()).isEqualTo(100 * this.codec.encodedLength(58));
			end.flush();
			List<byte[]> writes = this.output.writes();
			assertThat(writes).hasSize((100 * this.codec.encodedLength(58) + PIPE_BUF - 1) / PIPE_BUF);
			assertThat(writes).allSatisfy((write) -> assertThat(write.length).isLessThanOrEqualTo(PIPE_BUF));
			assertThat(this.output.decodeAll(this.codec)).containsExactlyElementsOf(sent);
			end.buffer(message(0, 100, 50));
			end.write(message(0, 101, 50));
			assertThat(this.output.writes()).as("a write takes the buffered frames along").hasSize(writes.size() + 1);
		}
	}

	@Test
	void aFailedWriteOfBufferedFramesIsThrownByTheFlush() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			end.buffer(message(0, 0, 10));
			end.buffer(message(0, 1, 10));
			this.output.failFromNow(new BrokenPipeException("test", "reader went away (EPIPE)"));
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(end::flush);
		}
	}

	@Test
	void aLoneEnqueuedFrameLeavesAtOnceWithoutAFlush() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			end.enqueue(message(0, 0, 50));
			await().atMost(WAIT).until(() -> this.output.writes().size() == 1);
			assertThat(decode(this.output.writes().get(0))).containsExactly(message(0, 0, 50));
			end.flush();
			assertThat(this.output.writes()).hasSize(1);
		}
	}

	@Test
	void aFirstFrameEnqueuedWhileAnotherThreadWritesLeavesWhenThatWriteEnds() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			CompletableFuture<Void> writing = send(end, message(1, 0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			end.enqueue(message(0, 0, 10));
			this.output.release();
			writing.get(10, TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> this.output.writes().size() == 2);
			assertThat(decode(this.output.writes().get(1))).containsExactly(message(0, 0, 10));
		}
	}

	@Test
	void framesEnqueuedWhileTheSenderWritesLeaveTogetherInTheNextWrite() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			end.enqueue(message(0, 0, 50));
			await().atMost(WAIT).until(this.output::isHolding);
			for (int sequence = 1; sequence <= 5; sequence++) {
				end.enqueue(message(0, sequence, 50));
			}
			assertThat(end.pendingBytes()).isEqualTo(5 * this.codec.encodedLength(58));
			this.output.release();
			end.flush();
			assertThat(this.output.writes()).hasSize(2);
			assertThat(decode(this.output.writes().get(1))).hasSize(5);
		}
	}

	@Test
	void enqueuedFramesAreCutIntoAtomicWritesAndKeepTheirOrderAroundLargeFrames() throws Exception {
		List<byte[]> sent = new ArrayList<>();
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			for (int sequence = 0; sequence < 200; sequence++) {
				byte[] message = message(0, sequence, (sequence % 97 == 1) ? 6000 : 100);
				sent.add(message);
				end.enqueue(message);
				if (sequence == 0) {
					await().atMost(WAIT).until(this.output::isHolding);
				}
			}
			this.output.release();
			end.flush();
		}
		List<byte[]> received = new ArrayList<>();
		for (byte[] write : this.output.writes()) {
			assertThat(write.length <= PIPE_BUF || decode(write).size() == 1).isTrue();
			received.addAll(decode(write));
		}
		assertThat(received).containsExactlyElementsOf(sent);
		assertThat(this.output.writes().size()).isLessThan(sent.size() / 10);
	}

	@Test
	void enqueueBlocksOnlyWhileMaxPendingBytesWait() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults().withSingleWriter(true))) {
			this.output.holdNextWrite();
			end.enqueue(message(0, 0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			int size = 1000;
			int frame = this.codec.encodedLength(size + 8);
			int fitting = WritePipeEnd.MAX_PENDING_BYTES / frame;
			assertTimeoutPreemptively(WAIT, () -> {
				for (int sequence = 1; sequence <= fitting; sequence++) {
					end.enqueue(message(0, sequence, size));
				}
			}, "frames up to the maximum queued behind a held write without blocking");
			CompletableFuture<Void> overflowing = CompletableFuture.runAsync(() -> {
				try {
					end.enqueue(message(0, fitting + 1, size));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}, this.executor);
			await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> !overflowing.isDone());
			this.output.release();
			overflowing.get(10, TimeUnit.SECONDS);
			end.flush();
			List<byte[]> received = new ArrayList<>();
			for (byte[] write : this.output.writes()) {
				assertThat(write.length).isLessThanOrEqualTo(WritePipeEnd.SINGLE_WRITER_BATCH_LIMIT);
				received.addAll(decode(write));
			}
			assertThat(received).hasSize(fitting + 2);
			assertInSequence(received);
		}
	}

	@Test
	void theBatchGrowsBehindAWriteInProgressAndItsFramesLeaveInOrderInChunksOfAtMostPipeBuf() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			CompletableFuture<Void> first = send(end, message(0, 0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			int size = 1000;
			int frame = this.codec.encodedLength(size + 8);
			int queued = 3 * WritePipeEnd.BATCH_CAPACITY / frame;
			List<CompletableFuture<Void>> futures = new ArrayList<>();
			assertTimeoutPreemptively(WAIT, () -> {
				for (int sequence = 1; sequence <= queued; sequence++) {
					futures.add(end.writeAsync(message(0, sequence, size)));
				}
			}, "three batches' worth queued behind a held write without blocking");
			assertThat(end.pendingBytes()).isEqualTo(queued * frame);
			this.output.release();
			first.get(10, TimeUnit.SECONDS);
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			List<byte[]> received = new ArrayList<>();
			for (byte[] write : this.output.writes()) {
				assertThat(write.length).isLessThanOrEqualTo(PIPE_BUF);
				received.addAll(decode(write));
			}
			assertThat(received).hasSize(queued + 1);
			assertInSequence(received);
		}
	}

	@Test
	void aFailedWriteOfEnqueuedFramesIsReportedByTheNextCallOnce() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.failFromNow(new BrokenPipeException("test", "reader went away (EPIPE)"));
			end.enqueue(message(0, 0, 10));
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(end::flush);
			this.output.failFromNow(null);
			end.flush();
			end.enqueue(message(0, 1, 10));
			end.flush();
			assertThat(this.output.writes()).hasSize(1);
			assertThat(decode(this.output.writes().get(0))).containsExactly(message(0, 1, 10));
		}
	}

	@Test
	void aFailedWriteOfEnqueuedFramesFailsTheNextWriteOfAnotherThread() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.failFromNow(new BrokenPipeException("test", "reader went away (EPIPE)"));
			end.enqueue(message(0, 0, 10));
			await().atMost(WAIT).until(() -> end.isIdle() && this.output.attempts() == 1);
			this.output.failFromNow(null);
			CompletableFuture<Void> other = send(end, message(1, 0, 10));
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> other.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(BrokenPipeException.class);
			send(end, message(1, 1, 10)).get(10, TimeUnit.SECONDS);
			assertThat(decode(this.output.writes().get(0))).containsExactly(message(1, 1, 10));
		}
	}

	@Test
	void aTimedFlushGivesUpWhileTheReaderDoesNotRead() throws Exception {
		try (WritePipeEnd end = open(PipeOptions.defaults())) {
			this.output.holdNextWrite();
			end.enqueue(message(0, 0, 10));
			await().atMost(WAIT).until(this.output::isHolding);
			assertThat(end.flush(Duration.ofMillis(50))).isFalse();
			this.output.release();
			assertThat(end.flush(WAIT)).isTrue();
			assertThat(this.output.writes()).hasSize(1);
		}
	}

	@Test
	void closingEndsTheSenderThread() throws Exception {
		List<Thread> before = senderThreads();
		WritePipeEnd end = open(PipeOptions.defaults());
		end.enqueue(message(0, 0, 10));
		end.flush();
		List<Thread> started = new ArrayList<>(senderThreads());
		started.removeAll(before);
		assertThat(started).hasSize(1);
		end.close();
		await().atMost(WAIT).until(() -> !started.get(0).isAlive());
	}

	private static List<Thread> senderThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().equals("xpipe-sender-coalesced") && thread.isAlive())
			.toList();
	}

	@Test
	void aMessageTheCodecRejectsAsTooLargeFailsNamingThePipeAndTheEndStaysUsable() throws Exception {
		FrameCodec small = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 100);
		FrameTooLargeException fromCodec = catchThrowableOfType(FrameTooLargeException.class,
				() -> small.encodedLength(101));
		assertThat(fromCodec.pipeName()).isEmpty();
		try (WritePipeEnd end = new WritePipeEnd(NamedPipe.of("coalesced", PipeOptions.defaults(), this.output.backend()),
				small).open()) {
			for (ThrowingCallable send : List.<ThrowingCallable>of(() -> end.write(new byte[101]),
					() -> end.enqueue(new byte[101]))) {
				assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(send).satisfies((ex) -> {
					assertThat(ex.pipeName()).isEqualTo("coalesced");
					assertThat(ex.byteCount()).isEqualTo(fromCodec.byteCount());
					assertThat(ex.getMessage()).isEqualTo("Pipe 'coalesced': " + fromCodec.getMessage());
					assertThat(ex.getCause()).isInstanceOf(FrameTooLargeException.class)
						.hasMessage(fromCodec.getMessage());
				});
			}
			assertThat(this.output.writes()).isEmpty();
			end.write(new byte[100]);
			assertThat(this.output.writes()).hasSize(1);
		}
	}

	private List<byte[]> queueBehindOneWrite(WritePipeEnd end, int senders, int size) throws Exception {
		this.output.holdNextWrite();
		CompletableFuture<Void> first = send(end, message(0, 0, 10));
		await().atMost(WAIT).until(this.output::isHolding);
		List<CompletableFuture<Void>> queued = new ArrayList<>();
		for (int sender = 1; sender <= senders; sender++) {
			queued.add(send(end, message(sender, 0, size)));
		}
		int frame = this.codec.encodedLength(size + 8);
		int fitting = Math.min(senders, WritePipeEnd.MAX_PENDING_BYTES / frame);
		await().atMost(WAIT).until(() -> end.pendingBytes() == fitting * frame);
		this.output.release();
		first.get(10, TimeUnit.SECONDS);
		for (CompletableFuture<Void> sent : queued) {
			sent.get(10, TimeUnit.SECONDS);
		}
		List<byte[]> received = new ArrayList<>();
		for (byte[] write : this.output.writes()) {
			received.addAll(decode(write));
		}
		assertThat(received).hasSize(senders + 1);
		return this.output.writes();
	}

	private CompletableFuture<Void> send(WritePipeEnd end, byte[] message) {
		return CompletableFuture.runAsync(() -> {
			try {
				end.write(message);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}, this.executor).exceptionallyCompose((ex) -> {
			Throwable cause = (ex.getCause() instanceof IllegalStateException wrapper) ? wrapper.getCause() : ex;
			return CompletableFuture.failedFuture(cause);
		});
	}

	private WritePipeEnd open(PipeOptions options) throws PipeException {
		return new WritePipeEnd(NamedPipe.of("coalesced", options, this.output.backend()), this.codec).open();
	}

	private List<byte[]> decode(byte[] write) {
		Collector collector = new Collector();
		FrameDecoder decoder = this.codec.newDecoder("test");
		decoder.decode(ByteBuffer.wrap(write), collector);
		assertThat(collector.errors).isEmpty();
		assertThat(decoder.bufferedBytes()).isZero();
		return collector.messages;
	}

	/** A message naming its sender and sequence number, then {@code size} pattern bytes. */
	/** Each message's sequence number (see {@link #message}) is its index. */
	private static void assertInSequence(List<byte[]> received) {
		for (int sequence = 0; sequence < received.size(); sequence++) {
			assertThat(ByteBuffer.wrap(received.get(sequence)).getInt(4)).as("sequence").isEqualTo(sequence);
		}
	}

	private static byte[] message(int sender, int sequence, int size) {
		ByteBuffer message = ByteBuffer.allocate(8 + size).putInt(sender).putInt(sequence);
		for (int i = 0; i < size; i++) {
			message.put((byte) (sender * 31 + sequence + i));
		}
		return message.array();
	}

	private static final class Collector implements FrameSink {

		final List<byte[]> messages = new ArrayList<>();

		final List<FrameException> errors = new ArrayList<>();

		@Override
		public void onFrame(byte[] payload) {
			this.messages.add(payload);
		}

		@Override
		public void onError(FrameException error) {
			this.errors.add(error);
		}

	}

}
