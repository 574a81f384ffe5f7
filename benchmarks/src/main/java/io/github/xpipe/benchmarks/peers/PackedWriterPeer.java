package io.github.xpipe.benchmarks.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.github.xpipe.codec.FrameCodec;

/**
 * A diagnostic writer: xpipe's codec, with whole frames packed into 64 KiB writes on a plain
 * {@link FileChannel} — what {@code WritePipeEnd} would deliver with write coalescing, measured
 * against the same xpipe read end.
 *
 * <pre>
 * writer &lt;fifo&gt; &lt;framing&gt; &lt;payload&gt; &lt;duration_ms&gt; &lt;count&gt; &lt;verify&gt;
 * </pre>
 */
public final class PackedWriterPeer {

	private static final String USAGE = "writer <fifo> <framing> <payload> <duration_ms> <count> <verify>";

	private static final int PACK_SIZE = 64 * 1024;

	private PackedWriterPeer() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		if (!"writer".equals(args.role())) {
			throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
		FrameCodec codec = Codecs.forFraming(args.text(2));
		try (FileChannel channel = FileChannel.open(Path.of(args.text(1)), StandardOpenOption.WRITE)) {
			Packer packer = new Packer(channel, codec, args.integer(3));
			String result = WriterLoop.run(args.integer(3), args.number(4), args.number(5), args.flag(6), false,
					packer::add);
			packer.flush();
			System.out.println(result);
		}
	}

	/** Appends frames to a 64 KiB buffer, writing it out whole when the next frame does not fit. */
	private static final class Packer {

		private final FileChannel channel;

		private final FrameCodec codec;

		private final ByteBuffer buffer;

		Packer(FileChannel channel, FrameCodec codec, int payloadSize) throws IOException {
			this.channel = channel;
			this.codec = codec;
			this.buffer = ByteBuffer.allocateDirect(Math.max(PACK_SIZE, codec.encodedLength(payloadSize)));
		}

		void add(byte[] payload) throws IOException {
			int length = this.codec.encodedLength(payload.length);
			if (this.buffer.position() + length > PACK_SIZE && this.buffer.position() > 0) {
				flush();
			}
			this.codec.encode(payload, 0, payload.length, this.buffer);
		}

		void flush() throws IOException {
			this.buffer.flip();
			while (this.buffer.hasRemaining()) {
				this.channel.write(this.buffer);
			}
			this.buffer.clear();
		}

	}

}
