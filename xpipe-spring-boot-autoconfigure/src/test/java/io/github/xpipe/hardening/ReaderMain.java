package io.github.xpipe.hardening;

import java.io.FileOutputStream;
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
 */
public final class ReaderMain {

	private ReaderMain() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true);
		int count = Integer.parseInt(args[1]);
		try (ReadPipeEnd in = new ReadPipeEnd(args[0], new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 1 << 24))
			.open()) {
			out.println("ready");
			for (int received = 0; received < count;) {
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

}
