package io.github.xpipe.benchmarks.peers;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * What a Java process can move through a FIFO with none of xpipe's logic: unframed messages of one
 * fixed size, through the native path xpipe uses (JNA direct-mapped {@code read(2)} and
 * {@code write(2)} on the addresses of reused direct buffers), with blocking descriptors and a 1 MiB
 * pipe like the C reference. The writer copies each message from its {@code byte[]} into the direct
 * buffer and writes it; the reader reads up to 1 MiB per call and copies each message into a fresh
 * {@code byte[]}, as any Java reader that hands messages out as arrays must. With {@code crc} both
 * sides also compute every message's CRC-32 (through the shared checksum), as a checked framing
 * does. The empty terminator of the writer loop is not sent: the reader ends at end-of-file.
 *
 * <pre>
 * reader &lt;fifo&gt; &lt;size&gt; &lt;crc&gt; &lt;warmup_ms&gt;
 * writer &lt;fifo&gt; &lt;size&gt; &lt;duration_ms&gt; &lt;count&gt; &lt;crc&gt;
 * </pre>
 */
public final class JavaRawPeer {

	private static final String USAGE = "reader <fifo> <size> <crc> <warmup_ms> | writer <fifo> <size> <duration_ms> <count> <crc>";

	private static final int PIPE_CAPACITY = 1024 * 1024;

	private static final int READ_SIZE = 1024 * 1024;

	private static final int O_RDONLY = 0;

	private static final int O_WRONLY = 1;

	private static final int F_SETPIPE_SZ = 1031;

	private JavaRawPeer() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		switch (args.role()) {
			case "reader" -> read(args.text(1), args.integer(2), args.flag(3), args.number(4));
			case "writer" -> write(args.text(1), args.integer(2), args.number(3), args.number(4), args.flag(5));
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	private static void read(String path, int size, boolean crc, long warmupMillis) throws IOException {
		if (Variadic.LIBC.mkfifo(path, 0600) < 0 && Native.getLastError() != 17 /* EEXIST */) {
			throw new IOException("mkfifo " + path + " failed: errno " + Native.getLastError());
		}
		System.out.println("READY");
		int fd = open(path, O_RDONLY);
		ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
		long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
		ReaderStats stats = new ReaderStats(crc, warmupMillis * 1_000_000L, 0);
		byte[] message = null;
		int fill = 0;
		while (true) {
			long count = Direct.read(fd, address, READ_SIZE);
			if (count < 0) {
				throw new IOException("read failed: errno " + Native.getLastError());
			}
			if (count == 0) {
				break;
			}
			buffer.clear().limit((int) count);
			while (buffer.hasRemaining()) {
				if (message == null) {
					message = new byte[size];
				}
				int n = Math.min(size - fill, buffer.remaining());
				buffer.get(message, fill, n);
				fill += n;
				if (fill == size) {
					stats.onMessage(message);
					message = null;
					fill = 0;
				}
			}
			stats.afterRead();
		}
		stats.finish();
		Variadic.LIBC.close(fd);
		System.out.println(stats.result());
	}

	private static void write(String path, int size, long durationMillis, long count, boolean crc) throws Exception {
		int fd = open(path, O_WRONLY);
		ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(size, 1));
		long address = Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
		String result = WriterLoop.run(size, durationMillis, count, crc, false, (payload) -> {
			buffer.clear();
			buffer.put(payload);
			long offset = 0;
			while (offset < payload.length) {
				long written = Direct.write(fd, address + offset, payload.length - offset);
				if (written < 0) {
					throw new IOException("write failed: errno " + Native.getLastError());
				}
				offset += written;
			}
		});
		Variadic.LIBC.close(fd);
		System.out.println(result);
	}

	private static int open(String path, int flags) throws IOException {
		int fd = Variadic.LIBC.open(path, flags);
		if (fd < 0) {
			throw new IOException("open " + path + " failed: errno " + Native.getLastError());
		}
		if (Platform.isLinux() && Variadic.LIBC.fcntl(fd, F_SETPIPE_SZ, PIPE_CAPACITY) < 0) {
			throw new IOException("F_SETPIPE_SZ failed: errno " + Native.getLastError());
		}
		return fd;
	}

	/** The calls made once per run, through an interface mapping ({@code open} and {@code fcntl} are variadic). */
	interface Variadic extends Library {

		Variadic LIBC = Native.load(Platform.C_LIBRARY_NAME, Variadic.class);

		int open(String path, int flags);

		int fcntl(int fd, int command, int argument);

		int mkfifo(String path, int mode);

		int close(int fd);

	}

	/** The calls made per message, direct-mapped with addresses and sizes as {@code long}s (LP64), as xpipe binds them. */
	static final class Direct {

		static {
			Native.register(Direct.class, Platform.C_LIBRARY_NAME);
		}

		private Direct() {
		}

		static native long read(int fd, long buffer, long count);

		static native long write(int fd, long buffer, long count);

	}

}
