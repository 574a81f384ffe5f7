package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.jspecify.annotations.Nullable;

/**
 * The native memory of one overlapped operation: an OVERLAPPED structure, its event and a buffer.
 *
 * <p>The OVERLAPPED is plain {@link Memory} rather than jna-platform's {@code WinBase.OVERLAPPED}
 * {@code Structure}: a {@code Structure} is written to native memory on every call it is passed to,
 * which would overwrite the fields the kernel updates while the operation is in flight.
 */
final class NativeOverlapped implements Win32Pipes.Overlapped {

	/** OVERLAPPED: Internal, InternalHigh (ULONG_PTR), Offset, OffsetHigh (DWORD), hEvent (HANDLE). */
	private static final int EVENT_OFFSET = 2 * Native.POINTER_SIZE + 8;

	private static final int SIZE = EVENT_OFFSET + Native.POINTER_SIZE;

	private final JnaWin32Pipes owner;

	private final long event;

	private final Memory overlapped;

	private final @Nullable Memory buffer;

	private final ByteBuffer view;

	private int transferred;

	NativeOverlapped(JnaWin32Pipes owner, long event, int bufferSize) {
		this.owner = owner;
		this.event = event;
		this.overlapped = new Memory(SIZE);
		this.overlapped.clear();
		this.overlapped.setPointer(EVENT_OFFSET, new Pointer(event));
		this.buffer = (bufferSize > 0) ? new Memory(bufferSize) : null;
		this.view = (this.buffer != null) ? this.buffer.getByteBuffer(0, bufferSize) : ByteBuffer.allocateDirect(0);
	}

	/** Clears the status and offset fields for a new operation and returns the OVERLAPPED. */
	Pointer start() {
		this.overlapped.clear(EVENT_OFFSET);
		return this.overlapped;
	}

	/** The OVERLAPPED of the operation in flight or last completed. */
	Pointer overlapped() {
		return this.overlapped;
	}

	/** The buffer the operation reads into or writes from. */
	Pointer bufferPointer() {
		if (this.buffer == null) {
			throw new IllegalStateException("This operation has no buffer");
		}
		return this.buffer;
	}

	void transferred(int count) {
		this.transferred = count;
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
		this.owner.released(this);
		this.owner.closeHandle(this.event);
		this.overlapped.close();
		if (this.buffer != null) {
			this.buffer.close();
		}
	}

}
