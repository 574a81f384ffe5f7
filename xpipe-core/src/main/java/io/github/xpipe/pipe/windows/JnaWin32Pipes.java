package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import org.jspecify.annotations.Nullable;

/**
 * {@link Win32Pipes} on Windows, through JNA bindings of our own: jna-platform's {@code Kernel32}
 * lacks {@code GetOverlappedResult} and {@code CancelIoEx}, and its {@code byte[]} {@code ReadFile}
 * hands the kernel a temporary copy that is freed while an overlapped read is still pending.
 *
 * <p>OVERLAPPED structures are plain {@link Memory} rather than JNA {@code Structure}s: a
 * {@code Structure} is written back to native memory on every call it is passed to, which would
 * overwrite the fields the kernel updates while the operation is in flight.
 *
 * <p>The native libraries load when an instance is made, never in a static initialiser, so this
 * class can be loaded (but not instantiated) on any OS.
 */
final class JnaWin32Pipes implements Win32Pipes {

	private static final int OPEN_EXISTING = 3;

	private static final int SDDL_REVISION_1 = 1;

	private static final int TOKEN_QUERY = 0x0008;

	private static final int TOKEN_USER = 1;

	private static final int WAIT_FAILED = 0xFFFFFFFF;

	private static final int POINTER_SIZE = Native.POINTER_SIZE;

	/** OVERLAPPED: Internal, InternalHigh (ULONG_PTR), Offset, OffsetHigh (DWORD), hEvent (HANDLE). */
	private static final int OVERLAPPED_EVENT_OFFSET = 2 * POINTER_SIZE + 8;

	private static final int OVERLAPPED_SIZE = OVERLAPPED_EVENT_OFFSET + POINTER_SIZE;

	private static final long INVALID_HANDLE_VALUE = (POINTER_SIZE == 8) ? -1L : 0xFFFFFFFFL;

	private final Kernel32 kernel32;

	private final Advapi32 advapi32;

	/**
	 * Every operation from allocation until {@link Overlapped#free()}. An end dropped without being
	 * closed must leak its native memory rather than let the garbage collector free a buffer or an
	 * OVERLAPPED the kernel may still write to.
	 */
	private final Set<NativeOverlapped> allocated = ConcurrentHashMap.newKeySet();

	JnaWin32Pipes() {
		this.kernel32 = Native.load("kernel32", Kernel32.class);
		this.advapi32 = Native.load("advapi32", Advapi32.class);
	}

	@Override
	public long createNamedPipe(String path, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, String sddl) throws Win32Exception {
		PointerByReference descriptor = new PointerByReference();
		if (!this.advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(new WString(sddl), SDDL_REVISION_1,
				descriptor, null)) {
			throw new Win32Exception("ConvertStringSecurityDescriptorToSecurityDescriptor(" + sddl + ")",
					Native.getLastError());
		}
		try (Memory attributes = securityAttributes(descriptor.getValue())) {
			Pointer handle = this.kernel32.CreateNamedPipeW(new WString(path), openMode, pipeMode, maxInstances,
					outBufferSize, inBufferSize, 0, attributes);
			return checkHandle("CreateNamedPipe", handle);
		}
		finally {
			this.kernel32.LocalFree(descriptor.getValue());
		}
	}

	@Override
	public long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception {
		Pointer handle = this.kernel32.CreateFileW(new WString(path), desiredAccess, 0, null, OPEN_EXISTING,
				flagsAndAttributes, null);
		return checkHandle("CreateFile", handle);
	}

	@Override
	public int waitNamedPipe(String path, int timeoutMillis) {
		return result(this.kernel32.WaitNamedPipeW(new WString(path), timeoutMillis));
	}

	@Override
	public int connectNamedPipe(long pipe, Overlapped operation) {
		return result(this.kernel32.ConnectNamedPipe(pointer(pipe), start(operation)));
	}

	@Override
	public int disconnectNamedPipe(long pipe) {
		return result(this.kernel32.DisconnectNamedPipe(pointer(pipe)));
	}

	@Override
	public int readFile(long handle, Overlapped operation, int length) {
		NativeOverlapped op = (NativeOverlapped) operation;
		return result(this.kernel32.ReadFile(pointer(handle), op.buffer, length, null, start(op)));
	}

	@Override
	public int writeFile(long handle, Overlapped operation, int length) {
		NativeOverlapped op = (NativeOverlapped) operation;
		return result(this.kernel32.WriteFile(pointer(handle), op.buffer, length, null, start(op)));
	}

	@Override
	public int getOverlappedResult(long handle, Overlapped operation, boolean wait) {
		NativeOverlapped op = (NativeOverlapped) operation;
		IntByReference transferred = new IntByReference();
		int code = result(this.kernel32.GetOverlappedResult(pointer(handle), op.overlapped, transferred, wait));
		op.transferred = transferred.getValue();
		return code;
	}

	@Override
	public int cancelIoEx(long handle, Overlapped operation) {
		return result(this.kernel32.CancelIoEx(pointer(handle), ((NativeOverlapped) operation).overlapped));
	}

	@Override
	public long createEvent() throws Win32Exception {
		Pointer event = this.kernel32.CreateEventW(null, true, false, null);
		if (event == null) {
			throw new Win32Exception("CreateEvent", Native.getLastError());
		}
		return Pointer.nativeValue(event);
	}

	@Override
	public void setEvent(long event) {
		this.kernel32.SetEvent(pointer(event));
	}

	@Override
	public int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) throws Win32Exception {
		Pointer[] pointers = new Pointer[count];
		for (int i = 0; i < count; i++) {
			pointers[i] = pointer(handles[i]);
		}
		int result = this.kernel32.WaitForMultipleObjects(count, pointers, false, timeoutMillis);
		if (result == WAIT_FAILED) {
			throw new Win32Exception("WaitForMultipleObjects", Native.getLastError());
		}
		return result;
	}

	@Override
	public void closeHandle(long handle) {
		this.kernel32.CloseHandle(pointer(handle));
	}

	@Override
	public String currentUserSid() throws Win32Exception {
		PointerByReference token = new PointerByReference();
		if (!this.advapi32.OpenProcessToken(this.kernel32.GetCurrentProcess(), TOKEN_QUERY, token)) {
			throw new Win32Exception("OpenProcessToken", Native.getLastError());
		}
		try {
			IntByReference needed = new IntByReference();
			this.advapi32.GetTokenInformation(token.getValue(), TOKEN_USER, null, 0, needed);
			if (needed.getValue() <= 0) {
				throw new Win32Exception("GetTokenInformation", Native.getLastError());
			}
			try (Memory tokenUser = new Memory(needed.getValue())) {
				if (!this.advapi32.GetTokenInformation(token.getValue(), TOKEN_USER, tokenUser, needed.getValue(),
						needed)) {
					throw new Win32Exception("GetTokenInformation", Native.getLastError());
				}
				// TOKEN_USER starts with SID_AND_ATTRIBUTES, whose first field is the PSID
				PointerByReference sidString = new PointerByReference();
				if (!this.advapi32.ConvertSidToStringSidW(tokenUser.getPointer(0), sidString)) {
					throw new Win32Exception("ConvertSidToStringSid", Native.getLastError());
				}
				try {
					return sidString.getValue().getWideString(0);
				}
				finally {
					this.kernel32.LocalFree(sidString.getValue());
				}
			}
		}
		finally {
			this.kernel32.CloseHandle(token.getValue());
		}
	}

	@Override
	public Overlapped newOverlapped(int bufferSize) throws Win32Exception {
		long event = createEvent();
		Memory overlapped = new Memory(OVERLAPPED_SIZE);
		overlapped.clear();
		overlapped.setPointer(OVERLAPPED_EVENT_OFFSET, pointer(event));
		NativeOverlapped operation = new NativeOverlapped(this, event, overlapped,
				(bufferSize > 0) ? new Memory(bufferSize) : null);
		this.allocated.add(operation);
		return operation;
	}

	/** Clears the OVERLAPPED's status and offset fields for a new operation and returns it. */
	private static Pointer start(Overlapped operation) {
		Memory overlapped = ((NativeOverlapped) operation).overlapped;
		overlapped.clear(OVERLAPPED_EVENT_OFFSET);
		return overlapped;
	}

	private static Memory securityAttributes(Pointer descriptor) {
		// SECURITY_ATTRIBUTES: DWORD nLength; LPVOID lpSecurityDescriptor; BOOL bInheritHandle
		int size = 3 * POINTER_SIZE;
		Memory attributes = new Memory(size);
		attributes.clear();
		attributes.setInt(0, size);
		attributes.setPointer(POINTER_SIZE, descriptor);
		return attributes;
	}

	private static long checkHandle(String function, @Nullable Pointer handle) throws Win32Exception {
		long value = Pointer.nativeValue(handle);
		if (handle == null || value == INVALID_HANDLE_VALUE) {
			throw new Win32Exception(function, Native.getLastError());
		}
		return value;
	}

	private static int result(boolean succeeded) {
		return succeeded ? ERROR_SUCCESS : Native.getLastError();
	}

	private static Pointer pointer(long handle) {
		return new Pointer(handle);
	}

	/** The native memory of one operation: OVERLAPPED, event and buffer. */
	private static final class NativeOverlapped implements Overlapped {

		private final JnaWin32Pipes owner;

		private final long event;

		final Memory overlapped;

		final @Nullable Memory buffer;

		private final ByteBuffer view;

		int transferred;

		NativeOverlapped(JnaWin32Pipes owner, long event, Memory overlapped, @Nullable Memory buffer) {
			this.owner = owner;
			this.event = event;
			this.overlapped = overlapped;
			this.buffer = buffer;
			this.view = (buffer != null) ? buffer.getByteBuffer(0, buffer.size()) : ByteBuffer.allocateDirect(0);
		}

		@Override
		public long event() {
			return this.event;
		}

		@Override
		public ByteBuffer buffer() {
			return this.view;
		}

		@Override
		public int transferred() {
			return this.transferred;
		}

		@Override
		public void free() {
			this.owner.allocated.remove(this);
			this.owner.closeHandle(this.event);
			this.overlapped.close();
			if (this.buffer != null) {
				this.buffer.close();
			}
		}

	}

	/** The kernel32 functions used, bound directly (no W32API type mappers needed). */
	interface Kernel32 extends Library {

		@Nullable Pointer CreateNamedPipeW(WString name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
				int inBufferSize, int defaultTimeOut, Pointer securityAttributes);

		@Nullable Pointer CreateFileW(WString name, int desiredAccess, int shareMode, @Nullable Pointer securityAttributes,
				int creationDisposition, int flagsAndAttributes, @Nullable Pointer templateFile);

		boolean WaitNamedPipeW(WString name, int timeOut);

		boolean ConnectNamedPipe(Pointer pipe, Pointer overlapped);

		boolean DisconnectNamedPipe(Pointer pipe);

		boolean ReadFile(Pointer file, @Nullable Pointer buffer, int bytesToRead, @Nullable IntByReference bytesRead,
				Pointer overlapped);

		boolean WriteFile(Pointer file, @Nullable Pointer buffer, int bytesToWrite, @Nullable IntByReference bytesWritten,
				Pointer overlapped);

		boolean GetOverlappedResult(Pointer file, Pointer overlapped, IntByReference transferred, boolean wait);

		boolean CancelIoEx(Pointer file, Pointer overlapped);

		@Nullable Pointer CreateEventW(@Nullable Pointer securityAttributes, boolean manualReset, boolean initialState,
				@Nullable WString name);

		boolean SetEvent(Pointer event);

		int WaitForMultipleObjects(int count, Pointer[] handles, boolean waitAll, int milliseconds);

		boolean CloseHandle(Pointer handle);

		Pointer LocalFree(Pointer memory);

		Pointer GetCurrentProcess();

	}

	/** The advapi32 functions used: SDDL conversion and the current user's SID. */
	interface Advapi32 extends Library {

		boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString sddl, int revision,
				PointerByReference securityDescriptor, @Nullable IntByReference securityDescriptorSize);

		boolean OpenProcessToken(Pointer process, int desiredAccess, PointerByReference token);

		boolean GetTokenInformation(Pointer token, int informationClass, @Nullable Pointer information, int length,
				IntByReference returnLength);

		boolean ConvertSidToStringSidW(Pointer sid, PointerByReference stringSid);

	}

}
