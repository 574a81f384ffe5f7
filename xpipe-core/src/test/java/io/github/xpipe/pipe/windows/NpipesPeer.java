package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

/**
 * A separate process that talks as npipes (pywin32) does, call for call, with its defaults: frames
 * {@code [u32 msgLen][u32 dataLen][ascii data][u32 crc32]} big-endian, a CRC field of 0 unless
 * {@code crc}, and a connection of its own for every message.
 *
 * <p>{@code send <name> <count> <crc>}: per message {@code CreateNamedPipe(\\.\pipe\<name>,
 * PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT, 1, 65536, 65536, 0,
 * NULL)}, {@code ConnectNamedPipe}, one {@code WriteFile} of the frame, {@code CloseHandle}.
 *
 * <p>{@code receive <name> <count>}: per message the same {@code CreateNamedPipe} and
 * {@code ConnectNamedPipe}; when it fails with {@code ERROR_PIPE_BUSY},
 * {@code CreateFile(GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING)} and
 * {@code SetNamedPipeHandleState(PIPE_READMODE_MESSAGE)} instead; then one {@code ReadFile} of at
 * most 65,536 bytes, parsed as one frame, and {@code CloseHandle}.
 *
 * <p>It prints {@code created <i>} once a sender's pipe exists, {@code sent <i>} or {@code received <server|client> <}{@link #summary}{@code >} per message. An attempt
 * that fails where npipes would raise (e.g. {@code CreateFile} finding every instance busy) is
 * printed as {@code failed <call> <error>} and made again, as a program calling npipes in a loop
 * would; the test sees how often that happened.
 */
public final class NpipesPeer {

	static final int BUFFER_SIZE = 65536;

	private static final long DEADLINE_NANOS = 120_000_000_000L;

	private static final long RETRY_PAUSE_NANOS = 1_000_000L;

	private static final Kernel32 kernel32 = Kernel32.INSTANCE;

	private NpipesPeer() {
	}

	public static void main(String[] args) {
		String path = WindowsPipeBackend.PIPE_PREFIX + args[1];
		int count = Integer.parseInt(args[2]);
		long deadline = System.nanoTime() + DEADLINE_NANOS;
		for (int i = 0; i < count; i++) {
			boolean done = false;
			while (!done) {
				if (System.nanoTime() - deadline > 0) {
					System.out.println("gave up at message " + i);
					System.exit(2);
				}
				done = switch (args[0]) {
					case "send" -> send(path, text(i), Boolean.parseBoolean(args[3]), i);
					case "receive" -> receive(path);
					default -> throw new IllegalArgumentException("Unknown mode " + args[0]);
				};
				if (!done) {
					// the pace of a program calling npipes again after an error; npipes itself never waits
					LockSupport.parkNanos(RETRY_PAUSE_NANOS);
				}
			}
		}
		System.out.println("done");
	}

	/** Message {@code index}: ASCII text, longer for some messages. */
	static String text(int index) {
		return "npipes message " + index + " " + "x".repeat((index * 977) % 2000);
	}

	/** How a received text is printed: its first three words and its length. */
	static String summary(String text) {
		String[] words = text.split(" ", 4);
		return String.join(" ", words[0], words[1], words[2]) + " (" + text.length() + " characters)";
	}

	private static boolean send(String path, String text, boolean crc, int index) {
		HANDLE pipe = createPipe(path);
		if (pipe == null) {
			return false;
		}
		System.out.println("created " + index);
		try {
			if (!kernel32.ConnectNamedPipe(pipe, null) && Native.getLastError() != WinError.ERROR_PIPE_CONNECTED) {
				return failed("ConnectNamedPipe");
			}
			byte[] frame = frame(text.getBytes(StandardCharsets.US_ASCII), crc);
			IntByReference written = new IntByReference();
			if (!kernel32.WriteFile(pipe, frame, frame.length, written, null)) {
				return failed("WriteFile");
			}
			System.out.println("sent " + index);
			return true;
		}
		finally {
			kernel32.CloseHandle(pipe);
		}
	}

	private static boolean receive(String path) {
		String role = "server";
		HANDLE pipe = kernel32.CreateNamedPipe(path, WinBase.PIPE_ACCESS_DUPLEX,
				WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT, 1, BUFFER_SIZE,
				BUFFER_SIZE, 0, null);
		if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
			if (Native.getLastError() != WinError.ERROR_PIPE_BUSY) {
				return failed("CreateNamedPipe");
			}
			role = "client";
			pipe = kernel32.CreateFile(path, WinNT.GENERIC_READ | WinNT.GENERIC_WRITE, 0, null, WinNT.OPEN_EXISTING, 0,
					null);
			if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
				return failed("CreateFile");
			}
			if (!kernel32.SetNamedPipeHandleState(pipe, new IntByReference(WinBase.PIPE_READMODE_MESSAGE), null, null)) {
				kernel32.CloseHandle(pipe);
				return failed("SetNamedPipeHandleState");
			}
		}
		else if (!kernel32.ConnectNamedPipe(pipe, null) && Native.getLastError() != WinError.ERROR_PIPE_CONNECTED) {
			kernel32.CloseHandle(pipe);
			return failed("ConnectNamedPipe");
		}
		try {
			byte[] buffer = new byte[BUFFER_SIZE];
			IntByReference read = new IntByReference();
			if (!kernel32.ReadFile(pipe, buffer, buffer.length, read, null)) {
				return failed("ReadFile");
			}
			System.out.println("received " + role + " " + summary(parse(buffer, read.getValue())));
			return true;
		}
		finally {
			kernel32.CloseHandle(pipe);
		}
	}

	private static HANDLE createPipe(String path) {
		HANDLE pipe = kernel32.CreateNamedPipe(path, WinBase.PIPE_ACCESS_DUPLEX,
				WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE | WinBase.PIPE_WAIT, 1, BUFFER_SIZE,
				BUFFER_SIZE, 0, null);
		if (WinBase.INVALID_HANDLE_VALUE.equals(pipe)) {
			failed("CreateNamedPipe");
			return null;
		}
		return pipe;
	}

	/** npipes' {@code Message}: big-endian lengths, the CRC over the text's characters or 0. */
	static byte[] frame(byte[] data, boolean crc) {
		ByteBuffer frame = ByteBuffer.allocate(data.length + 12).order(ByteOrder.BIG_ENDIAN);
		frame.putInt(data.length + 8).putInt(data.length).put(data);
		CRC32 checksum = new CRC32();
		checksum.update(data);
		frame.putInt(crc ? (int) checksum.getValue() : 0);
		return frame.array();
	}

	/** One frame, as npipes parses what one ReadFile returned. */
	private static String parse(byte[] buffer, int length) {
		ByteBuffer frame = ByteBuffer.wrap(buffer, 0, length).order(ByteOrder.BIG_ENDIAN);
		int messageLength = frame.getInt();
		int dataLength = frame.getInt();
		if (messageLength != dataLength + 8 || dataLength + 12 != length) {
			throw new IllegalStateException("not one frame: " + length + " bytes, lengths " + messageLength + "/"
					+ dataLength);
		}
		return new String(buffer, 8, dataLength, StandardCharsets.US_ASCII);
	}

	private static boolean failed(String call) {
		System.out.println("failed " + call + " " + Native.getLastError());
		return false;
	}

}
