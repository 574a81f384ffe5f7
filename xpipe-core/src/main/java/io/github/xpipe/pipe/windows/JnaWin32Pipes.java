package io.github.xpipe.pipe.windows;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.Kernel32Util;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.W32APIOptions;

import org.jspecify.annotations.Nullable;

/**
 * {@link Win32Pipes} on Windows, through jna-platform's {@code Kernel32} and {@code Advapi32}, with
 * the few calls they lack or declare unsafely for overlapped I/O added by {@link Kernel32Overlapped}
 * and {@link Advapi32Sddl}.
 *
 * <p>The native libraries load when an instance is made, never in a static initialiser, so this
 * class can be loaded (but not instantiated) on any OS.
 */
final class JnaWin32Pipes implements Win32Pipes {

	private final Kernel32Overlapped kernel32;

	private final Advapi32Sddl advapi32;

	/**
	 * Every operation from allocation until {@link Overlapped#free()}. An end dropped without being
	 * closed must leak its native memory rather than let the garbage collector free a buffer or an
	 * OVERLAPPED the kernel may still write to.
	 */
	private final Set<NativeOverlapped> allocated = ConcurrentHashMap.newKeySet();

	JnaWin32Pipes() {
		this.kernel32 = Native.load("kernel32", Kernel32Overlapped.class, W32APIOptions.DEFAULT_OPTIONS);
		this.advapi32 = Native.load("advapi32", Advapi32Sddl.class, W32APIOptions.DEFAULT_OPTIONS);
	}

	@Override
	public long createNamedPipe(String path, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, String sddl) throws Win32Exception {
		PointerByReference descriptor = new PointerByReference();
		if (!this.advapi32.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl, Advapi32Sddl.SDDL_REVISION_1,
				descriptor, null)) {
			throw lastError("ConvertStringSecurityDescriptorToSecurityDescriptor(" + sddl + ")");
		}
		try {
			WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
			attributes.lpSecurityDescriptor = descriptor.getValue();
			HANDLE pipe = this.kernel32.CreateNamedPipe(path, openMode, pipeMode, maxInstances, outBufferSize,
					inBufferSize, 0, attributes);
			return checkHandle("CreateNamedPipe", pipe);
		}
		finally {
			this.kernel32.LocalFree(descriptor.getValue());
		}
	}

	@Override
	public long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception {
		HANDLE file = this.kernel32.CreateFile(path, desiredAccess, 0, null, WinNT.OPEN_EXISTING, flagsAndAttributes,
				null);
		return checkHandle("CreateFile", file);
	}

	@Override
	public int waitNamedPipe(String path, int timeoutMillis) {
		return result(this.kernel32.WaitNamedPipe(path, timeoutMillis));
	}

	@Override
	public int connectNamedPipe(long pipe, Overlapped operation) {
		return result(this.kernel32.ConnectNamedPipe(handle(pipe), ((NativeOverlapped) operation).start()));
	}

	@Override
	public int disconnectNamedPipe(long pipe) {
		return result(this.kernel32.DisconnectNamedPipe(handle(pipe)));
	}

	@Override
	public int setNamedPipeReadMode(long pipe, int readMode) {
		return result(this.kernel32.SetNamedPipeHandleState(handle(pipe), new IntByReference(readMode), null, null));
	}

	@Override
	public int namedPipeFlags(long pipe) throws Win32Exception {
		IntByReference flags = new IntByReference();
		if (!this.kernel32.GetNamedPipeInfo(handle(pipe), flags, null, null, null)) {
			throw lastError("GetNamedPipeInfo");
		}
		return flags.getValue();
	}

	@Override
	public int readFile(long handle, Overlapped operation, int length) {
		NativeOverlapped op = (NativeOverlapped) operation;
		return result(this.kernel32.ReadFile(handle(handle), op.bufferPointer(), length, null, op.start()));
	}

	@Override
	public int writeFile(long handle, Overlapped operation, int length) {
		NativeOverlapped op = (NativeOverlapped) operation;
		return result(this.kernel32.WriteFile(handle(handle), op.bufferPointer(), length, null, op.start()));
	}

	@Override
	public int flushFileBuffers(long handle) {
		return result(this.kernel32.FlushFileBuffers(handle(handle)));
	}

	@Override
	public int getOverlappedResult(long handle, Overlapped operation, boolean wait) {
		NativeOverlapped op = (NativeOverlapped) operation;
		IntByReference transferred = new IntByReference();
		int code = result(this.kernel32.GetOverlappedResult(handle(handle), op.overlapped(), transferred, wait));
		op.transferred(transferred.getValue());
		return code;
	}

	@Override
	public int cancelIoEx(long handle, Overlapped operation) {
		return result(this.kernel32.CancelIoEx(handle(handle), ((NativeOverlapped) operation).overlapped()));
	}

	@Override
	public int cancelIo(long handle) {
		return result(this.kernel32.CancelIoEx(handle(handle), null));
	}

	@Override
	public long createEvent() throws Win32Exception {
		return checkHandle("CreateEvent", this.kernel32.CreateEvent(null, true, false, null));
	}

	@Override
	public void setEvent(long event) {
		this.kernel32.SetEvent(handle(event));
	}

	@Override
	public int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) throws Win32Exception {
		HANDLE[] objects = new HANDLE[count];
		for (int i = 0; i < count; i++) {
			objects[i] = handle(handles[i]);
		}
		int result = this.kernel32.WaitForMultipleObjects(count, objects, false, timeoutMillis);
		if (result == WinBase.WAIT_FAILED) {
			throw lastError("WaitForMultipleObjects");
		}
		return result;
	}

	@Override
	public long createIoCompletionPort() throws Win32Exception {
		return checkHandle("CreateIoCompletionPort",
				this.kernel32.CreateIoCompletionPort(WinBase.INVALID_HANDLE_VALUE, null, null, 1));
	}

	@Override
	public void associateWithPort(long handle, long port, long key) throws Win32Exception {
		checkHandle("CreateIoCompletionPort", this.kernel32.CreateIoCompletionPort(handle(handle), handle(port),
				new Pointer(key), 0));
	}

	@Override
	public long getQueuedCompletionStatus(long port, int timeoutMillis) throws Win32Exception {
		IntByReference transferred = new IntByReference();
		BaseTSD.ULONG_PTRByReference key = new BaseTSD.ULONG_PTRByReference();
		PointerByReference overlapped = new PointerByReference();
		if (this.kernel32.GetQueuedCompletionStatus(handle(port), transferred, key, overlapped, timeoutMillis)
				|| overlapped.getValue() != null) {
			// without an OVERLAPPED a failure is the port's own; with one, the operation's
			return key.getValue().longValue();
		}
		int code = Native.getLastError();
		if (code == WinError.WAIT_TIMEOUT) {
			return NO_COMPLETION;
		}
		throw new Win32Exception("GetQueuedCompletionStatus", code, errorText(code));
	}

	@Override
	public void postQueuedCompletionStatus(long port, long key) {
		this.kernel32.PostQueuedCompletionStatus(handle(port), 0, new Pointer(key), null);
	}

	@Override
	public void closeHandle(long handle) {
		this.kernel32.CloseHandle(handle(handle));
	}

	@Override
	public String currentUserSid() throws Win32Exception {
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		if (!this.advapi32.OpenProcessToken(this.kernel32.GetCurrentProcess(), WinNT.TOKEN_QUERY, token)) {
			throw lastError("OpenProcessToken");
		}
		try {
			IntByReference needed = new IntByReference();
			this.advapi32.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenUser, null, 0,
					needed);
			if (needed.getValue() <= 0) {
				throw lastError("GetTokenInformation");
			}
			WinNT.TOKEN_USER user = new WinNT.TOKEN_USER(needed.getValue());
			if (!this.advapi32.GetTokenInformation(token.getValue(), WinNT.TOKEN_INFORMATION_CLASS.TokenUser, user,
					needed.getValue(), needed)) {
				throw lastError("GetTokenInformation");
			}
			return Advapi32Util.convertSidToStringSid(user.User.Sid);
		}
		finally {
			this.kernel32.CloseHandle(token.getValue());
		}
	}

	@Override
	public String errorText(int code) {
		try {
			return Kernel32Util.formatMessage(code).trim();
		}
		catch (RuntimeException ex) {
			// no text for this code: the number alone must do
			return "";
		}
	}

	@Override
	public Overlapped newOverlapped(int bufferSize) throws Win32Exception {
		NativeOverlapped operation = new NativeOverlapped(this, createEvent(), bufferSize);
		this.allocated.add(operation);
		return operation;
	}

	/** Forgets an operation whose native memory is being freed. */
	void released(NativeOverlapped operation) {
		this.allocated.remove(operation);
	}

	private Win32Exception lastError(String function) {
		int code = Native.getLastError();
		return new Win32Exception(function, code, errorText(code));
	}

	private long checkHandle(String function, @Nullable HANDLE handle) throws Win32Exception {
		Pointer pointer = (handle != null) ? handle.getPointer() : null;
		if (pointer == null || WinBase.INVALID_HANDLE_VALUE.getPointer().equals(pointer)) {
			throw lastError(function);
		}
		return Pointer.nativeValue(pointer);
	}

	private static int result(boolean succeeded) {
		return succeeded ? WinError.ERROR_SUCCESS : Native.getLastError();
	}

	private static HANDLE handle(long value) {
		return new HANDLE(new Pointer(value));
	}

}
