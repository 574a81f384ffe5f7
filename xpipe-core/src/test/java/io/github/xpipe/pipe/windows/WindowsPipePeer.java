package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.WritePipeEnd;

/**
 * The other process in {@link WindowsTwoProcessIntegrationTests}: a separate JVM writing
 * {@link #message messages} whose content the test can check.
 *
 * <p>{@code write <pipe> <writer> <count>}: connects as a client and writes {@code count} messages.
 * {@code serve <pipe> <writer> <count>}: creates the pipe as an outbound server, waits for a reader
 * and writes {@code count} messages. {@code count} -1 writes until killed.
 */
public final class WindowsPipePeer {

	static final int MAX_MESSAGE = 256 * 1024;

	private WindowsPipePeer() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String pipeName = args[1];
		int writer = Integer.parseInt(args[2]);
		int count = Integer.parseInt(args[3]);
		Duration timeout = Duration.ofSeconds(30);
		LengthCrc32Codec codec = new LengthCrc32Codec();
		switch (mode) {
			case "write" -> {
				try (WritePipeEnd out = new WritePipeEnd(pipeName, codec).open(timeout)) {
					send(out, writer, count);
				}
			}
			case "serve" -> {
				PipeOptions options = PipeOptions.defaults().withDirection(PipeDirection.OUTBOUND);
				try (NamedPipe pipe = NamedPipe.of(pipeName, options).create();
						WritePipeEnd out = new WritePipeEnd(pipe, codec).open(timeout)) {
					send(out, writer, count);
				}
			}
			default -> throw new IllegalArgumentException("Unknown mode " + mode);
		}
		System.out.println("peer " + writer + " done");
	}

	private static void send(WritePipeEnd out, int writer, int count) throws Exception {
		Random sizes = new Random(writer);
		for (int i = 0; count < 0 || i < count; i++) {
			out.write(message(writer, i, sizes.nextInt(MAX_MESSAGE + 1)));
		}
	}

	/** Message {@code index} of {@code writer}: both numbers, then {@code size} seeded random bytes. */
	static byte[] message(int writer, int index, int size) {
		byte[] payload = new byte[8 + size];
		new Random(writer * 1_000_003L + index).nextBytes(payload);
		ByteBuffer.wrap(payload).putInt(writer).putInt(index);
		return payload;
	}

}
