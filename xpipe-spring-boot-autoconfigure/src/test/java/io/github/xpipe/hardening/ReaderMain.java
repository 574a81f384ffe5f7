package io.github.xpipe.hardening;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteOrder;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;

/**
 * A reader process: opens a client read end on the FIFO at {@code args[0]} (length-crc32), prints
 * {@code ready}, then {@code recv <writer> <seq>} for each intact message, {@code corrupt} for a
 * message that is not, {@code error <reason>} for a rejected frame, and exits after
 * {@code args[1]} messages.
 *
 * <p>Optional third argument: {@code stop-after=<k>}: after {@code k} messages it prints
 * {@code stopped} and reads no more, keeping the FIFO open until killed (a client that crashes
 * after reading part of its replies); {@code raw-bytes=<k>}: opens the FIFO with a plain stream,
 * reads exactly {@code k} bytes, prints {@code read <k>}, and keeps the FIFO open until its
 * standard input ends (a reader that stopped inside a frame).
 */
public final class ReaderMain {

	private ReaderMain() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true);
		int count = Integer.parseInt(args[1]);
		String option = (args.length > 2) ? args[2] : "";
		if (option.startsWith("raw-bytes=")) {
			readRaw(args[0], Integer.parseInt(option.substring("raw-bytes=".length())), out);
			return;
		}
		int stopAfter = option.startsWith("stop-after=") ? Integer.parseInt(option.substring("stop-after=".length()))
				: Integer.MAX_VALUE;
		try (ReadPipeEnd in = new ReadPipeEnd(args[0], new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 1 << 24))
			.open()) {
			out.println("ready");
			for (int received = 0; received < count;) {
				if (received == stopAfter) {
					out.println("stopped");
					System.in.read();
					return;
				}
				try {
					Payloads.Id id = Payloads.parse(in.read());
					out.println((id != null) ? "recv " + id.writer() + " " + id.seq() : "corrupt");
					received++;
				}
				catch (FrameException ex) {
					out.println("error " + ex.reason().tag());
				}
			}
		}
	}

	private static void readRaw(String path, int bytes, PrintStream out) throws Exception {
		try (InputStream in = new FileInputStream(path)) {
			// read(byte[], ...) in a loop: FileInputStream.readNBytes seeks, which a FIFO cannot
			byte[] taken = new byte[bytes];
			int filled = 0;
			int count;
			while (filled < bytes && (count = in.read(taken, filled, bytes - filled)) > 0) {
				filled += count;
			}
			out.println("read " + filled);
			while (System.in.read() >= 0) {
				// keep the FIFO open until told to go
			}
		}
	}

}
