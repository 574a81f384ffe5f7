package io.github.xpipe.pipe.windows;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

/**
 * A separate process that uses Windows named pipes as python-xp-named-pipe does, call for call:
 * {@code NamedPipe("a/b")} is {@code \\.\pipe\a\b}; the owning side's {@code mkfifo()} is
 * {@code CreateNamedPipe(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1,
 * 65536, 65536, 300, NULL)}, its ends {@code ConnectNamedPipe} on open and
 * {@code DisconnectNamedPipe} on close, {@code unlink()} {@code CloseHandle}; the other side's ends
 * are {@code CreateFile(GENERIC_READ or GENERIC_WRITE, OPEN_EXISTING)} and {@code CloseHandle}.
 * Messages are Base64 datagrams (the data in Base64, then {@code 0x00}), one {@code WriteFile} each;
 * a read is one {@code ReadFile} of at most 65,536 bytes.
 *
 * <p>{@code serve-read|serve-write|client-read|client-write <name> <count> <rounds>}: opens an end
 * {@code rounds} times and reads or writes {@link #payload} {@code 0..count-1} of that round each
 * time, checking what it reads. {@code serve-write} closes its end (which discards what the reader
 * has not read) only when a line arrives on its standard input, as a program closes it when it is
 * done. A client open that finds no free instance fails in the library; it is printed as
 * {@code failed} and made again, as a program would.
 */
public final class XpNamedPipePeer {

	private static final int BUFFER_SIZE = 65536;

	private static final long RETRY_PAUSE_NANOS = 1_000_000L;

	private static final long DEADLINE_NANOS = 120_000_000_000L;

	private static final Kernel32 kernel32 = Kernel32.INSTANCE;

	private XpNamedPipePeer() {
	}

	public static void main(String[] args) throws IOException {
		String path = WindowsPipeBackend.PIPE_PREFIX + args[1].replace('/', '\\');
		int count = Integer.parseInt(args[2]);
		int rounds = Integer.parseInt(args[3]);
		boolean owner = args[0].startsWith("serve-");
		boolean reads = args[0].endsWith("-read");
		HANDLE pipe = owner ? check(kernel32.CreateNamedPipe(path, WinBase.PIPE_ACCESS_DUPLEX,
				WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE | WinBase.PIPE_WAIT, 1, BUFFER_SIZE, BUFFER_SIZE,
				300, null), "CreateNamedPipe") : null;
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
		for (int round = 0; round < rounds; round++) {
			HANDLE end = owner ? connect(pipe) : open(path, reads ? WinNT.GENERIC_READ : WinNT.GENERIC_WRITE);
			if (reads) {
				readRound(end, round, count);
			}
			else {
				for (int i = 0; i < count; i++) {
					byte[] datagram = datagram(payload(round, i));
					check(kernel32.WriteFile(end, datagram, datagram.length, new IntByReference(), null), "WriteFile");
				}
				System.out.println("wrote round " + round);
				if (owner) {
					commands.readLine();
				}
			}
			if (owner) {
				check(kernel32.DisconnectNamedPipe(end), "DisconnectNamedPipe");
			}
			else {
				kernel32.CloseHandle(end);
			}
		}
		if (owner) {
			kernel32.CloseHandle(pipe);
		}
		System.out.println("done");
	}

	/** Message {@code index} of {@code round}: binary, of varying length, some of it empty. */
	static byte[] payload(int round, int index) {
		Random random = new Random(round * 10_007L + index);
		byte[] payload = new byte[(index % 7 == 3) ? 0 : random.nextInt(3000)];
		random.nextBytes(payload);
		return payload;
	}

	private static HANDLE connect(HANDLE pipe) {
		if (!kernel32.ConnectNamedPipe(pipe, null) && Native.getLastError() != WinError.ERROR_PIPE_CONNECTED) {
			fail("ConnectNamedPipe");
		}
		return pipe;
	}

	private static HANDLE open(String path, int access) {
		long deadline = System.nanoTime() + DEADLINE_NANOS;
		while (true) {
			HANDLE file = kernel32.CreateFile(path, access, 0, null, WinNT.OPEN_EXISTING, 0, null);
			if (!WinBase.INVALID_HANDLE_VALUE.equals(file)) {
				return file;
			}
			System.out.println("failed CreateFile " + Native.getLastError());
			if (System.nanoTime() - deadline > 0) {
				fail("CreateFile");
			}
			// the pace of a program opening again after an error; the library itself never waits
			LockSupport.parkNanos(RETRY_PAUSE_NANOS);
		}
	}

	private static void readRound(HANDLE end, int round, int count) {
		byte[] buffer = new byte[BUFFER_SIZE];
		ByteArrayOutputStream pending = new ByteArrayOutputStream();
		int received = 0;
		while (received < count) {
			IntByReference read = new IntByReference();
			check(kernel32.ReadFile(end, buffer, buffer.length, read, null), "ReadFile");
			pending.write(buffer, 0, read.getValue());
			for (byte[] payload : takeDatagrams(pending)) {
				if (!Arrays.equals(payload, payload(round, received))) {
					System.out.println("mismatch at round " + round + " message " + received);
					System.exit(3);
				}
				received++;
			}
		}
		System.out.println("read round " + round + " " + received);
	}

	static byte[] datagram(byte[] payload) {
		byte[] encoded = Base64.getEncoder().encode(payload);
		return Arrays.copyOf(encoded, encoded.length + 1);
	}

	/** The complete datagrams at the start of {@code pending}, decoded; the rest stays. */
	private static List<byte[]> takeDatagrams(ByteArrayOutputStream pending) {
		byte[] bytes = pending.toByteArray();
		List<byte[]> payloads = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == 0) {
				payloads.add(Base64.getDecoder().decode(Arrays.copyOfRange(bytes, start, i)));
				start = i + 1;
			}
		}
		pending.reset();
		pending.write(bytes, start, bytes.length - start);
		return payloads;
	}

	private static HANDLE check(HANDLE handle, String call) {
		if (WinBase.INVALID_HANDLE_VALUE.equals(handle)) {
			fail(call);
		}
		return handle;
	}

	private static void check(boolean succeeded, String call) {
		if (!succeeded) {
			fail(call);
		}
	}

	private static void fail(String call) {
		System.out.println("failed " + call + " " + Native.getLastError());
		System.exit(2);
	}

}
