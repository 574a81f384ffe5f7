package io.github.xpipe.benchmarks.peers;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;

/**
 * xpipe's plain-Java API as an application uses it: the reader creates the FIFO with
 * {@link NamedPipe} and drains it with {@link ReadPipeEnd#receive}; the writer opens a
 * {@link WritePipeEnd} on the path and sends each message, with {@link WritePipeEnd#enqueue} (queued
 * sending, one {@link WritePipeEnd#flush()} at the end), with {@link WritePipeEnd#write} per message
 * when the writer's last argument is {@code write}, or with {@link WritePipeEnd#writeAsync} per
 * message when it is {@code async}: each future checked for a failure, as an application that
 * reports every message's outcome does. Default {@code PipeOptions} throughout,
 * unless the system properties {@code xpipe.bench.readBufferSize} or {@code xpipe.bench.pipeCapacity}
 * (bytes) override them, for experiments with {@code --jvm-arg}; {@code -Dxpipe.bench.singleWriter=true}
 * sets {@link PipeOptions#singleWriter()}.
 *
 * <pre>
 * reader     &lt;fifo&gt; &lt;framing&gt; &lt;verify&gt; &lt;warmup_ms&gt; [heap_sample_at]
 * writer     &lt;fifo&gt; &lt;framing&gt; &lt;payload&gt; &lt;duration_ms&gt; &lt;count&gt; &lt;verify&gt; [enqueue|write|async]
 * pingserver &lt;fifo_in&gt; &lt;fifo_out&gt;
 * pingclient &lt;fifo_out&gt; &lt;fifo_in&gt; &lt;duration_ms&gt; &lt;warmup_ms&gt; &lt;count&gt;
 * </pre>
 */
public final class XpipePlainPeer {

	private static final String USAGE = "reader|writer|pingserver|pingclient <fifo> ...";

	private static final Duration POLL = Duration.ofSeconds(1);

	private XpipePlainPeer() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		switch (args.role()) {
			case "reader" -> read(args.text(1), Codecs.forFraming(args.text(2)), args.flag(3), args.number(4),
					(arguments.length > 5) ? args.number(5) : 0);
			case "writer" -> write(args.text(1), Codecs.forFraming(args.text(2)), args.integer(3), args.number(4),
					args.number(5), args.flag(6), (arguments.length <= 7) ? "enqueue" : args.text(7));
			case "pingserver" -> pingServer(args.text(1), args.text(2));
			case "pingclient" -> pingClient(args.text(1), args.text(2), args.number(3), args.number(4), args.number(5));
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	/** Default options, with the experiment overrides applied. */
	private static PipeOptions options() {
		PipeOptions options = PipeOptions.defaults();
		Integer readBufferSize = Integer.getInteger("xpipe.bench.readBufferSize");
		if (readBufferSize != null) {
			options = options.withReadBufferSize(readBufferSize);
		}
		if (Boolean.getBoolean("xpipe.bench.singleWriter")) {
			options = options.withSingleWriter(true);
		}
		Integer pipeCapacity = Integer.getInteger("xpipe.bench.pipeCapacity");
		if (pipeCapacity != null) {
			options = options.withPipeCapacity(pipeCapacity);
		}
		return options;
	}

	private static void read(String path, FrameCodec codec, boolean verify, long warmupMillis, long heapSampleAt)
			throws IOException {
		ReaderStats stats = new ReaderStats(verify, warmupMillis * 1_000_000L, heapSampleAt);
		PipeMessageListener listener = new PipeMessageListener() {

			@Override
			public void onMessage(byte[] payload) {
				stats.onMessage(payload);
			}

			@Override
			public void onError(FrameException error) {
				stats.onError();
			}

			@Override
			public void onWriterDisconnected(long connectionId) {
				stats.finish();
			}

		};
		try (NamedPipe pipe = NamedPipe.of(path, options()).create();
				ReadPipeEnd in = new ReadPipeEnd(pipe, codec).open()) {
			System.out.println("READY");
			while (!stats.isDone()) {
				in.receive(listener, POLL);
				stats.afterRead();
			}
		}
		System.out.println(stats.result());
	}

	private static void write(String path, FrameCodec codec, int size, long durationMillis, long count, boolean verify,
			String sending) throws Exception {
		try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(path, options()), codec).open()) {
			switch (sending) {
				case "enqueue" -> {
					String result = WriterLoop.run(size, durationMillis, count, verify, false, out::enqueue);
					out.flush();
					System.out.println(result);
				}
				case "write" -> System.out.println(WriterLoop.run(size, durationMillis, count, verify, false, out::write));
				case "async" -> System.out.println(writeAsync(out, size, durationMillis, count, verify));
				default -> throw new IllegalArgumentException("Unknown sending '" + sending + "': enqueue, write or async");
			}
		}
	}

	/** Sends with writeAsync, counting the futures that fail; every future is complete before the result. */
	private static String writeAsync(WritePipeEnd out, int size, long durationMillis, long count, boolean verify)
			throws Exception {
		AtomicLong failed = new AtomicLong();
		CompletableFuture<?>[] last = new CompletableFuture<?>[1];
		String result = WriterLoop.run(size, durationMillis, count, verify, false, (payload) -> {
			CompletableFuture<Void> written = out.writeAsync(payload);
			written.whenComplete((ignored, failure) -> {
				if (failure != null) {
					failed.incrementAndGet();
				}
			});
			last[0] = written;
		});
		if (last[0] != null) {
			last[0].join();
		}
		if (failed.get() > 0) {
			throw new IllegalStateException(failed.get() + " asynchronous sends failed");
		}
		return result;
	}

	private static void pingServer(String pathIn, String pathOut) throws IOException {
		FrameCodec codec = Codecs.forFraming("lcrc");
		long echoed = 0;
		try (NamedPipe pipeIn = NamedPipe.of(pathIn, options()).create();
				NamedPipe pipeOut = NamedPipe.of(pathOut, options()).create();
				ReadPipeEnd in = new ReadPipeEnd(pipeIn, codec).open()) {
			System.out.println("READY");
			try (WritePipeEnd out = new WritePipeEnd(pipeOut, codec).open()) {
				while (true) {
					byte[] payload = in.read();
					out.write(payload);
					if (payload.length == 0) {
						break;
					}
					echoed++;
				}
			}
		}
		System.out.println("RESULT messages=" + echoed);
	}

	private static void pingClient(String pathOut, String pathIn, long durationMillis, long warmupMillis, long count)
			throws Exception {
		FrameCodec codec = Codecs.forFraming("lcrc");
		try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(pathOut, options()), codec).open();
				ReadPipeEnd in = new ReadPipeEnd(NamedPipe.of(pathIn, options()), codec).open()) {
			System.out.println(PingClientLoop.run(durationMillis, warmupMillis, count, (payload) -> {
				out.write(payload);
				return in.read();
			}));
		}
	}

}
