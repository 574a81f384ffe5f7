package io.github.xpipe.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The writing end of a named pipe: opened like a file, each {@link #write} sends one message as one
 * frame of the {@link FrameCodec}.
 *
 * <p><b>Thread-safe, with adaptive coalescing.</b> Concurrent senders never interleave frames. When
 * one {@code write()} system call is in progress and other senders arrive, their frames are appended
 * to a shared batch of {@value #BATCH_CAPACITY} bytes (grown up to {@value #MAX_PENDING_BYTES} while
 * senders outpace the writing); when the call returns, one of the waiting senders (the combiner)
 * hands the whole batch to the operating system and completes the others. A sender that finds no
 * write in progress writes at once: a lone frame is never held back by a timer, and batching
 * appears only when frames are already queueing. A batch holds whole frames only and leaves in
 * chunks of at most {@linkplain PipeOutput#atomicWriteLimit() PIPE_BUF} bytes (4096 on Linux), one
 * {@code write()} each, so every chunk is atomic and several writer processes
 * may share one FIFO safely. A pipe that has this end as its only writer may allow chunks of up to
 * 64 KiB with {@link PipeOptions#singleWriter()}. A frame larger than the chunk limit always leaves
 * in a {@code write()} of its own; on POSIX, frames over PIPE_BUF are atomic only when the FIFO has a
 * single writer process.
 *
 * <p><b>Failures reach every sender.</b> {@link #write} returns normally only once its frame was
 * handed to the kernel. When a batch cannot be written, every sender whose frame it carried gets a
 * typed exception: a {@link BrokenPipeException} when the reader has gone (this end is then
 * finished: open a new one to reconnect), a {@link PipeClosedException} when this end was closed.
 *
 * <p><b>Queued sending (opt-in).</b> A single thread cannot coalesce with itself while each call
 * waits for its own {@code write()}. {@link #enqueue} instead appends the frame to the batch and
 * returns; a sender thread of this end (started by the first {@code enqueue}, a daemon) writes what
 * is waiting as soon as the pipe takes it. A lone message therefore leaves at once, never after a
 * timer, while a stream of messages leaves in batches, each batch one {@code write()} per atomic
 * chunk. The caller blocks only while {@value #MAX_PENDING_BYTES} bytes of frames are already
 * waiting (back-pressure from a slow reader). An enqueued message was handed to the kernel once a later
 * {@link #flush()} returned normally. When a write carrying enqueued frames fails, the next call on
 * this end ({@code enqueue}, {@code write} or {@code flush}) throws the failure. {@link #close()}
 * discards frames still waiting: call {@code flush()} first.
 *
 * <p><b>Asynchronous sending.</b> {@link #writeAsync} queues the frame the same way and returns a
 * {@link CompletableFuture} completed once the frame was handed to the kernel, or exceptionally with
 * the typed failure: a stream of messages from one thread with a result for each, as
 * {@code KafkaTemplate.send} gives.
 *
 * <p><b>Virtual threads.</b> A virtual thread that blocked in a native write or open would hold its
 * carrier thread. A {@code write()} or {@code flush()} on a virtual thread therefore leaves the
 * writing to this end's sender thread (a platform thread) and waits for it in Java, and
 * {@link #open} on a virtual thread opens on a platform thread; what the caller is promised is the
 * same.
 */
public final class WritePipeEnd implements AutoCloseable {

	/** How long {@link #open()} (and {@link ReadPipeEnd#open()}) waits for the other side: 30 s. */
	public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(30);

	/** The largest batch of frames one {@code write()} carries on a {@link PipeOptions#singleWriter() single-writer} pipe: 64 KiB. */
	public static final int SINGLE_WRITER_BATCH_LIMIT = 64 * 1024;

	/**
	 * The size of a batch of frames when the end opens: 64 KiB. A frame larger than this is written
	 * on its own.
	 */
	public static final int BATCH_CAPACITY = 64 * 1024;

	/**
	 * How many bytes of frames may wait for the next write: 1 MiB. The batch they wait in grows
	 * towards it from {@value #BATCH_CAPACITY}, doubling, only when a sender would otherwise wait for
	 * a write in progress or for the sender thread (descheduled, or held up by a slow reader); an end
	 * keeps two batches, one filling while the other is written.
	 */
	public static final int MAX_PENDING_BYTES = 1024 * 1024;

	private final NamedPipe pipe;

	private final EndLifecycle<PipeOutput> lifecycle;

	private final CoalescingWriter writer;

	/** A write end of a pipe this process created, or of a pipe described by a {@link NamedPipe}. */
	public WritePipeEnd(NamedPipe pipe, FrameCodec codec) {
		this.pipe = pipe;
		this.lifecycle = new EndLifecycle<>(pipe, "write end");
		this.writer = new CoalescingWriter(pipe.name(), codec, this.lifecycle);
	}

	/** A client write end of a pipe another process owns, given by bare name or path. */
	public WritePipeEnd(String nameOrPath, FrameCodec codec) {
		this(NamedPipe.of(nameOrPath), codec);
	}

	/** The pipe this end belongs to. */
	public NamedPipe pipe() {
		return this.pipe;
	}

	/** Opens, waiting at most {@link #DEFAULT_OPEN_TIMEOUT} for a reader. */
	public WritePipeEnd open() throws PipeException {
		return open(DEFAULT_OPEN_TIMEOUT);
	}

	/**
	 * Opens this end, waiting up to {@code timeout} for a reader. {@link #close()} from another
	 * thread cancels the wait within 100 ms.
	 * @return this write end
	 * @throws PipeTimeoutException when no reader appeared in time
	 * @throws PipeClosedException when closed while waiting
	 */
	public WritePipeEnd open(Duration timeout) throws PipeException {
		if (VirtualThreads.isCurrent()) {
			return VirtualThreads.callOnPlatformThread("xpipe-open-" + this.pipe.name(), () -> openHere(timeout));
		}
		return openHere(timeout);
	}

	/** Whether this end is open: {@link #open} succeeded and {@link #close()} was not called. */
	public boolean isOpen() {
		return this.lifecycle.isOpen();
	}

	/**
	 * The most bytes one {@code write()} of several frames carries (a single larger frame leaves in a
	 * {@code write()} of its own): the output's
	 * {@linkplain PipeOutput#atomicWriteLimit() atomic write limit} (PIPE_BUF on POSIX,
	 * {@value #SINGLE_WRITER_BATCH_LIMIT} on Windows, where each client has a pipe instance of its
	 * own), or {@value #SINGLE_WRITER_BATCH_LIMIT} with {@link PipeOptions#singleWriter()}; 0 before
	 * {@link #open}.
	 */
	public int batchLimit() {
		return this.writer.batchLimit();
	}

	/** Sends one message. */
	public void write(byte[] payload) throws IOException {
		write(payload, 0, payload.length);
	}

	/**
	 * Sends {@code payload[offset, offset+length)} as one message, blocking while the pipe is full;
	 * returns once the frame was handed to the kernel. Frames waiting from other threads (or from
	 * {@link #enqueue}) may leave in the same {@code write()}.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone
	 * @throws PipeClosedException when this end is closed
	 */
	public void write(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, Delivery.DIRECT);
	}

	/** Appends one message to the pending batch; see {@link #enqueue(byte[], int, int)}. */
	public void enqueue(byte[] payload) throws IOException {
		enqueue(payload, 0, payload.length);
	}

	/**
	 * Queues {@code payload[offset, offset+length)} as one frame and returns; this end's sender thread
	 * writes it at once, with whatever else waits (see the class description). Blocks while
	 * {@value #MAX_PENDING_BYTES} bytes already wait. A frame larger than {@value #BATCH_CAPACITY}
	 * bytes is written by the caller, after the queued ones (on a virtual thread, by the sender
	 * thread while the caller waits). The payload is copied: the array may be reused as soon as this
	 * returns.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone, for this or an earlier enqueued frame
	 * @throws PipeClosedException when this end is closed
	 */
	public void enqueue(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, Delivery.ENQUEUED);
	}

	/** Buffers one message; see {@link #buffer(byte[], int, int)}. */
	public void buffer(byte[] payload) throws IOException {
		buffer(payload, 0, payload.length);
	}

	/**
	 * Appends {@code payload[offset, offset+length)} as one frame to the pending batch and returns
	 * without writing it: it leaves with the next {@link #write} or {@link #flush()} on this end (or
	 * at once when the batch is full, or when the frame is larger than {@value #BATCH_CAPACITY}
	 * bytes), together with whatever else waits. For a thread that sends several messages and then
	 * flushes, as a listener container does with the replies to what one read returned: one
	 * {@code write()} per atomic chunk instead of one per message, with no other thread involved.
	 * The payload is copied. A failed write of buffered frames is thrown by the next call on this end.
	 * @throws FrameTooLargeException when the message exceeds the codec's maximum (naming this pipe)
	 * @throws BrokenPipeException when the reader has gone, for an earlier frame
	 * @throws PipeClosedException when this end is closed
	 */
	public void buffer(byte[] payload, int offset, int length) throws IOException {
		submit(payload, offset, length, Delivery.BUFFERED);
	}

	/** Sends one message asynchronously; see {@link #writeAsync(byte[], int, int)}. */
	public CompletableFuture<Void> writeAsync(byte[] payload) {
		return writeAsync(payload, 0, payload.length);
	}

	/**
	 * Queues {@code payload[offset, offset+length)} as one frame, like {@link #enqueue}, and returns
	 * a future completed once the frame was handed to the kernel. Every failure is the future's: it
	 * completes exceptionally with a {@link FrameTooLargeException} when the message exceeds the
	 * codec's maximum, a {@link BrokenPipeException} when the reader went away before the frame was
	 * written, a {@link PipeClosedException} when this end was closed first. Blocks only while
	 * {@value #MAX_PENDING_BYTES} bytes of frames already wait. The payload is copied: the array may
	 * be reused as soon as this returns. Futures complete on this end's sender thread, in the order of
	 * the frames: what depends on them should not block it.
	 */
	public CompletableFuture<Void> writeAsync(byte[] payload, int offset, int length) {
		try {
			return Objects.requireNonNull(submit(payload, offset, length, Delivery.FUTURE));
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Waits until every frame enqueued before this call was handed to the kernel, blocking while the
	 * pipe is full; writes them itself when no write is in progress.
	 * @throws BrokenPipeException when the reader has gone before they were all written
	 * @throws PipeClosedException when this end is closed
	 */
	public void flush() throws IOException {
		this.writer.flush();
	}

	/**
	 * Like {@link #flush()}, but waits at most {@code timeout} and leaves the writing to the sender
	 * thread, so a reader that stopped reading cannot hold the caller longer.
	 * @return whether every frame was written in time
	 * @throws BrokenPipeException when the reader has gone before they were all written
	 * @throws PipeClosedException when this end is closed
	 */
	public boolean flush(Duration timeout) throws IOException {
		return this.writer.flush(timeout);
	}

	/**
	 * Closes this end; a blocked open or write in another thread ends within 100 ms. Frames enqueued
	 * and not yet written are discarded, and the futures of those sent asynchronously complete with a
	 * {@link PipeClosedException}. Idempotent.
	 */
	@Override
	public void close() {
		this.lifecycle.close();
		this.writer.closed();
	}

	/** Whether no write is in progress and no frame waits (for tests). */
	boolean isIdle() {
		return this.writer.isIdle();
	}

	/** Bytes of frames waiting in the batch being filled (for tests). */
	int pendingBytes() {
		return this.writer.pendingBytes();
	}

	private WritePipeEnd openHere(Duration timeout) throws PipeException {
		this.lifecycle.open(
				() -> this.pipe.backend().newOutput(this.pipe.name(), this.pipe.path(), this.pipe.created(), this.pipe.options()),
				(output) -> this.writer.allocateBatches(this.pipe.options().singleWriter() ? SINGLE_WRITER_BATCH_LIMIT
						: Math.min(output.atomicWriteLimit(), SINGLE_WRITER_BATCH_LIMIT)),
				timeout);
		return this;
	}

	private @Nullable CompletableFuture<Void> submit(byte[] payload, int offset, int length,
			Delivery delivery) throws IOException {
		try {
			return this.writer.submit(payload, offset, length, delivery);
		}
		catch (FrameTooLargeException ex) {
			throw withPipeName(ex);
		}
	}

	/** The codec's rejection, which cannot know its pipe, as one naming this end's pipe. */
	private FrameTooLargeException withPipeName(FrameTooLargeException ex) {
		if (!ex.pipeName().isEmpty()) {
			return ex;
		}
		FrameTooLargeException named = new FrameTooLargeException(this.pipe.name(), ex.byteCount(), ex.getMessage());
		named.initCause(ex);
		return named;
	}

}
