package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.jspecify.annotations.Nullable;

/**
 * A pipe output for write-end tests: records each {@code write()} call's bytes, and can hold the
 * next call until released, or fail calls from a point on; with a {@link #backend()} whose every
 * output it is.
 */
final class RecordingOutput implements PipeOutput {

	private final int atomicWriteLimit;

	private final List<byte[]> writes = new CopyOnWriteArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	private volatile @Nullable CountDownLatch hold;

	private volatile boolean holding;

	private volatile @Nullable IOException failure;

	private volatile boolean yieldEveryWrite;

	private volatile boolean closed;

	RecordingOutput(int atomicWriteLimit) {
		this.atomicWriteLimit = atomicWriteLimit;
	}

	/** A backend whose every output is this one. */
	PipeBackend backend() {
		return new PipeBackend() {

			@Override
			public String resolvePath(String nameOrPath, PipeOptions options) {
				return nameOrPath;
			}

			@Override
			public String nameOf(String path) {
				return path;
			}

			@Override
			public CreatedPipe create(String name, String path, PipeOptions options) {
				throw new UnsupportedOperationException("write ends only");
			}

			@Override
			public PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
				throw new UnsupportedOperationException("write ends only");
			}

			@Override
			public PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
				return RecordingOutput.this;
			}

		};
	}

	@Override
	public int atomicWriteLimit() {
		return this.atomicWriteLimit;
	}

	@Override
	public void open(Duration timeout) {
	}

	@Override
	public void write(ByteBuffer source) throws IOException {
		this.attempts.incrementAndGet();
		IOException fail = this.failure;
		CountDownLatch gate = this.hold;
		if (gate != null && gate.getCount() > 0) {
			this.holding = true;
			try {
				while (!gate.await(10, TimeUnit.MILLISECONDS)) {
					if (this.closed) {
						throw new PipeClosedException("test", "closed while writing");
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			finally {
				this.holding = false;
				this.hold = null;
			}
		}
		if (this.closed) {
			throw new PipeClosedException("test", "closed");
		}
		if (fail != null) {
			throw fail;
		}
		byte[] bytes = new byte[source.remaining()];
		source.get(bytes);
		this.writes.add(bytes);
		if (this.yieldEveryWrite) {
			Thread.yield();
		}
	}

	void holdNextWrite() {
		this.hold = new CountDownLatch(1);
	}

	boolean isHolding() {
		return this.holding;
	}

	/** Lets a held write go on, or cancels holding the next one. */
	void release() {
		CountDownLatch gate = this.hold;
		if (gate != null) {
			gate.countDown();
		}
	}

	void failFromNow(@Nullable IOException failure) {
		this.failure = failure;
	}

	void yieldEveryWrite() {
		this.yieldEveryWrite = true;
	}

	/** Calls of {@link #write}, failed ones included. */
	int attempts() {
		return this.attempts.get();
	}

	List<byte[]> writes() {
		return List.copyOf(this.writes);
	}

	/** The messages of all writes so far, decoded in order; fails on any bad frame or left-over bytes. */
	List<byte[]> decodeAll(FrameCodec codec) {
		List<byte[]> messages = new ArrayList<>();
		FrameDecoder decoder = codec.newDecoder("recorded");
		FrameSink sink = new FrameSink() {

			@Override
			public void onFrame(byte[] payload) {
				messages.add(payload);
			}

			@Override
			public void onError(FrameException error) {
				throw new AssertionError("a bad frame was written", error);
			}

		};
		for (byte[] write : this.writes) {
			decoder.decode(ByteBuffer.wrap(write), sink);
		}
		if (decoder.bufferedBytes() != 0) {
			throw new AssertionError(decoder.bufferedBytes() + " bytes of an incomplete frame were written");
		}
		return messages;
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
