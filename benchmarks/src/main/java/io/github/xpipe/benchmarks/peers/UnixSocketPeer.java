package io.github.xpipe.benchmarks.peers;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;

/**
 * The Java Unix-domain-socket baseline: what a Java user might choose instead of a FIFO. A stream
 * {@link SocketChannel} carries the same frames (xpipe's codecs), one {@code write()} per frame and
 * 256 KiB reads, so the comparison with xpipe isolates the transport.
 *
 * <pre>
 * reader     &lt;socket&gt; &lt;framing&gt; &lt;verify&gt; &lt;warmup_ms&gt;
 * writer     &lt;socket&gt; &lt;framing&gt; &lt;payload&gt; &lt;duration_ms&gt; &lt;count&gt; &lt;verify&gt;
 * pingserver &lt;socket&gt;
 * pingclient &lt;socket&gt; &lt;duration_ms&gt; &lt;warmup_ms&gt; &lt;count&gt;
 * </pre>
 */
public final class UnixSocketPeer {

	private static final String USAGE = "reader|writer|pingserver|pingclient <socket> ...";

	private static final int READ_SIZE = 256 * 1024;

	private UnixSocketPeer() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		Path socket = Path.of(args.text(1));
		switch (args.role()) {
			case "reader" -> read(socket, Codecs.forFraming(args.text(2)), args.flag(3), args.number(4));
			case "writer" -> write(socket, Codecs.forFraming(args.text(2)), args.integer(3), args.number(4),
					args.number(5), args.flag(6));
			case "pingserver" -> pingServer(socket);
			case "pingclient" -> pingClient(socket, args.number(2), args.number(3), args.number(4));
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	private static void read(Path socket, FrameCodec codec, boolean verify, long warmupMillis) throws IOException {
		ReaderStats stats = new ReaderStats(verify, warmupMillis * 1_000_000L, 0);
		FrameSink sink = new FrameSink() {

			@Override
			public void onFrame(byte[] payload) {
				stats.onMessage(payload);
			}

			@Override
			public void onError(FrameException error) {
				stats.onError();
			}

		};
		try (ServerSocketChannel server = bind(socket); SocketChannel channel = acceptAfterReady(server)) {
			FrameDecoder decoder = codec.newDecoder(socket.getFileName().toString());
			ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
			while (!stats.isDone()) {
				buffer.clear();
				if (channel.read(buffer) < 0) {
					stats.finish();
					break;
				}
				buffer.flip();
				decoder.decode(buffer, sink);
				stats.afterRead();
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
		System.out.println(stats.result());
	}

	private static void write(Path socket, FrameCodec codec, int size, long durationMillis, long count, boolean verify)
			throws Exception {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			FrameWriter writer = new FrameWriter(channel, codec);
			System.out.println(WriterLoop.run(size, durationMillis, count, verify, false, writer::write));
		}
	}

	private static void pingServer(Path socket) throws IOException {
		FrameCodec codec = Codecs.forFraming("lcrc");
		long echoed = 0;
		try (ServerSocketChannel server = bind(socket); SocketChannel channel = acceptAfterReady(server)) {
			FrameReader reader = new FrameReader(channel, codec.newDecoder("ping"));
			FrameWriter writer = new FrameWriter(channel, codec);
			while (true) {
				byte[] payload = reader.next();
				writer.write(payload);
				if (payload.length == 0) {
					break;
				}
				echoed++;
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
		System.out.println("RESULT messages=" + echoed);
	}

	private static void pingClient(Path socket, long durationMillis, long warmupMillis, long count) throws Exception {
		FrameCodec codec = Codecs.forFraming("lcrc");
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			FrameReader reader = new FrameReader(channel, codec.newDecoder("ping"));
			FrameWriter writer = new FrameWriter(channel, codec);
			System.out.println(PingClientLoop.run(durationMillis, warmupMillis, count, (payload) -> {
				writer.write(payload);
				return reader.next();
			}));
		}
	}

	private static ServerSocketChannel bind(Path socket) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(socket));
		return server;
	}

	private static SocketChannel acceptAfterReady(ServerSocketChannel server) throws IOException {
		System.out.println("READY");
		return server.accept();
	}

	/** Encodes each message into a reused buffer and writes it with one {@code write()} where it fits. */
	private static final class FrameWriter {

		private final SocketChannel channel;

		private final FrameCodec codec;

		private ByteBuffer frame = ByteBuffer.allocateDirect(64 * 1024);

		FrameWriter(SocketChannel channel, FrameCodec codec) {
			this.channel = channel;
			this.codec = codec;
		}

		void write(byte[] payload) throws IOException {
			int length = this.codec.encodedLength(payload.length);
			if (this.frame.capacity() < length) {
				this.frame = ByteBuffer.allocateDirect(length);
			}
			this.frame.clear();
			this.codec.encode(payload, 0, payload.length, this.frame);
			this.frame.flip();
			while (this.frame.hasRemaining()) {
				this.channel.write(this.frame);
			}
		}

	}

	/** Reads until the decoder yields the next message. */
	private static final class FrameReader implements FrameSink {

		private final SocketChannel channel;

		private final FrameDecoder decoder;

		private final ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);

		private final ArrayDeque<byte[]> decoded = new ArrayDeque<>();

		FrameReader(SocketChannel channel, FrameDecoder decoder) {
			this.channel = channel;
			this.decoder = decoder;
		}

		byte[] next() throws IOException {
			while (this.decoded.isEmpty()) {
				this.buffer.clear();
				if (this.channel.read(this.buffer) < 0) {
					throw new EOFException("Socket closed before the next message");
				}
				this.buffer.flip();
				this.decoder.decode(this.buffer, this);
			}
			return this.decoded.poll();
		}

		@Override
		public void onFrame(byte[] payload) {
			this.decoded.add(payload);
		}

		@Override
		public void onError(FrameException error) {
			throw new IllegalStateException("Rejected frame in ping-pong", error);
		}

	}

}
