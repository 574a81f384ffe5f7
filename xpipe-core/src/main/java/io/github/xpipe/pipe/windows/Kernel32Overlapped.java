package io.github.xpipe.pipe.windows;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

import org.jspecify.annotations.Nullable;

/**
 * jna-platform's {@link Kernel32} with the overlapped-I/O calls it lacks or declares unsafely for
 * operations that complete after the call returns:
 * <ul>
 * <li>{@code GetOverlappedResult} and {@code CancelIoEx} are not declared at all;</li>
 * <li>its {@code ReadFile}/{@code WriteFile} take a {@code byte[]}, which JNA copies to temporary
 * native memory freed when the call returns, while a pending read still writes into it;</li>
 * <li>its {@code ReadFile}, {@code WriteFile} and {@code ConnectNamedPipe} take the OVERLAPPED as a
 * {@code Structure}, which JNA writes to native memory on every call it is passed to, over the
 * fields the kernel updates while the operation is in flight.</li>
 * </ul>
 * These overloads take the buffer and the OVERLAPPED as plain native memory that the caller keeps
 * alive until the operation completes. Everything else the backend calls is jna-platform's.
 */
interface Kernel32Overlapped extends Kernel32 {

	boolean ReadFile(HANDLE file, Pointer buffer, int bytesToRead, @Nullable IntByReference bytesRead, Pointer overlapped);

	boolean WriteFile(HANDLE file, Pointer buffer, int bytesToWrite, @Nullable IntByReference bytesWritten,
			Pointer overlapped);

	boolean ConnectNamedPipe(HANDLE pipe, Pointer overlapped);

	boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

	boolean CancelIoEx(HANDLE file, @Nullable Pointer overlapped);

}
