package io.github.xpipe.hardening;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.WritePipeEnd;
import org.jspecify.annotations.Nullable;

/**
 * A writer process for the hardening scenarios. Prints one line per event to stdout:
 * {@code ok <seq>} once a send returned normally, {@code err <seq> <exception> <message>} when it
 * failed, {@code half} once it wrote half a frame and blocks (waiting to be killed), {@code done}.
 *
 * <p>Arguments, {@code --name=value}: {@code path}, {@code writer} (id), {@code count},
 * {@code size=min[-max]}, {@code framing} ({@code length-crc32}|{@code base64}), {@code mode}:
 * <ul>
 * <li>{@code pipe} (default): sends through a {@link WritePipeEnd}; with {@code retry=true} a failed
 * send is reported, the end reopened (up to {@code timeout-ms} per attempt) and the message sent
 * again, otherwise the process exits with status 3;
 * <li>{@code raw}: writes each frame with one {@code write()} on a plain file stream; with
 * {@code half=true} then writes the first half of one more frame, prints {@code half} and blocks;
 * <li>{@code flood}: writes {@code bytes} random bytes;
 * <li>{@code claim4g}: writes a length-crc32 header declaring 4 GiB of data, then 1 KiB;
 * <li>{@code malformed}: writes one length-crc32 header whose lengths contradict each other
 * ({@code msgLen != dataLen + 8}) and leaves;
 * <li>{@code hold}: opens the FIFO for writing, prints {@code holding}, and keeps it open, writing
 * nothing, until its standard input ends.
 * </ul>
 * Also: {@code interval-ms} (pipe mode), a pause between messages, as a peer sending now and then;
 * {@code pause-after} (pipe mode), a message after which the writer prints {@code paused} and waits
 * for a line on its standard input before it goes on;
 * {@code payload}, a fixed payload (as text) for every message instead of a self-checking one.
 */
public final class WriterMain {

	private WriterMain() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		String path = options.get("path");
		int writer = Integer.parseInt(options.getOrDefault("writer", "1"));
		int count = Integer.parseInt(options.getOrDefault("count", "0"));
		String[] size = options.getOrDefault("size", "64").split("-");
		int minSize = Integer.parseInt(size[0]);
		int maxSize = Integer.parseInt(size[size.length - 1]);
		FrameCodec codec = "base64".equals(options.get("framing")) ? new Base64Codec(Integer.MAX_VALUE - 64)
				: new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, Integer.MAX_VALUE - 64);
		Duration timeout = Duration.ofMillis(Long.parseLong(options.getOrDefault("timeout-ms", "10000")));
		PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), false);
		long intervalMillis = Long.parseLong(options.getOrDefault("interval-ms", "0"));
		int pauseAfter = Integer.parseInt(options.getOrDefault("pause-after", "0"));
		byte[] fixed = options.containsKey("payload") ? options.get("payload").getBytes(StandardCharsets.UTF_8) : null;
		switch (options.getOrDefault("mode", "pipe")) {
			case "pipe" -> sendThroughPipeEnd(path, codec, new Sending(writer, count, minSize, maxSize, intervalMillis,
					pauseAfter, fixed), timeout, Boolean.parseBoolean(options.get("retry")), out);
			case "raw" -> writeRaw(path, codec, writer, count, minSize, maxSize, Boolean.parseBoolean(options.get("half")),
					out);
			case "flood" -> flood(path, Long.parseLong(options.get("bytes")), writer);
			case "claim4g" -> claim4g(path);
			case "malformed" -> malformed(path);
			case "hold" -> hold(path, out);
			default -> throw new IllegalArgumentException(options.get("mode"));
		}
		out.println("done");
		out.flush();
	}

	private static void sendThroughPipeEnd(String path, FrameCodec codec, Sending sending, Duration timeout,
			boolean retry, PrintStream out) throws IOException, InterruptedException {
		WritePipeEnd end = new WritePipeEnd(path, codec).open(timeout);
		for (int seq = 1; seq <= sending.count(); seq++) {
			if (seq > 1 && sending.intervalMillis() > 0) {
				Thread.sleep(sending.intervalMillis());
			}
			byte[] payload = sending.payload(seq);
			while (true) {
				try {
					end.write(payload);
					out.println("ok " + seq);
					break;
				}
				catch (IOException ex) {
					out.println("err " + seq + " " + ex.getClass().getSimpleName() + " " + ex.getMessage());
					out.flush();
					end.close();
					if (!retry) {
						System.exit(3);
					}
					end = reopen(path, codec, timeout, seq, out);
				}
			}
			out.flush();
			if (seq == sending.pauseAfter()) {
				out.println("paused");
				out.flush();
				new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			}
		}
		out.flush();
		end.close();
	}

	private static WritePipeEnd reopen(String path, FrameCodec codec, Duration timeout, int seq, PrintStream out) {
		for (int attempt = 1;; attempt++) {
			try {
				return new WritePipeEnd(path, codec).open(timeout);
			}
			catch (PipeException ex) {
				out.println("err " + seq + " " + ex.getClass().getSimpleName() + " " + ex.getMessage());
				out.flush();
				if (attempt == 20) {
					System.exit(4);
				}
			}
		}
	}

	private static void writeRaw(String path, FrameCodec codec, int writer, int count, int minSize, int maxSize,
			boolean half, PrintStream out) throws IOException {
		try (OutputStream pipe = new FileOutputStream(path)) {
			for (int seq = 1; seq <= count; seq++) {
				pipe.write(codec.encode(Payloads.of(writer, seq, Payloads.size(writer, seq, minSize, maxSize))));
				out.println("ok " + seq);
				out.flush();
			}
			if (half) {
				byte[] frame = codec.encode(Payloads.of(writer, count + 1, maxSize));
				pipe.write(frame, 0, frame.length / 2);
				pipe.flush();
				out.println("half");
				out.flush();
				System.in.read();
			}
		}
	}

	private static void malformed(String path) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(100).putInt(50);
		try (OutputStream pipe = new FileOutputStream(path)) {
			pipe.write(header.array());
		}
	}

	private static void hold(String path, PrintStream out) throws IOException {
		try (OutputStream pipe = new FileOutputStream(path)) {
			out.println("holding");
			out.flush();
			while (System.in.read() >= 0) {
				// hold the FIFO open until told to go
			}
		}
	}

	private static void flood(String path, long bytes, int seed) throws IOException {
		SplittableRandom random = new SplittableRandom(seed);
		byte[] chunk = new byte[64 * 1024];
		try (OutputStream pipe = new FileOutputStream(path)) {
			for (long written = 0; written < bytes; written += chunk.length) {
				for (int i = 0; i < chunk.length; i += 8) {
					ByteBuffer.wrap(chunk, i, 8).putLong(random.nextLong());
				}
				pipe.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
			}
		}
	}

	/**
	 * What the pipe mode sends: {@code count} messages of writer {@code writer}, self-checking ones
	 * of {@code minSize} to {@code maxSize} bytes unless {@code fixed} is given, {@code intervalMillis}
	 * apart, pausing after message {@code pauseAfter} until told to go on (0: never).
	 */
	private record Sending(int writer, int count, int minSize, int maxSize, long intervalMillis, int pauseAfter,
			byte @Nullable [] fixed) {

		byte[] payload(int seq) {
			return (this.fixed != null) ? this.fixed
					: Payloads.of(this.writer, seq, Payloads.size(this.writer, seq, this.minSize, this.maxSize));
		}

	}

	private static void claim4g(String path) throws IOException {
		ByteBuffer frame = ByteBuffer.allocate(8 + 1024).order(ByteOrder.LITTLE_ENDIAN);
		frame.putInt(0xFFFFFFFF).putInt(0xFFFFFFF7);
		try (OutputStream pipe = new FileOutputStream(path)) {
			pipe.write(frame.array());
		}
	}

}
