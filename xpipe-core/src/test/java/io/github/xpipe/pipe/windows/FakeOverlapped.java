package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;

/** One fake OVERLAPPED of {@link RecordingWin32Pipes}, with its event and buffer. */
final class FakeOverlapped implements Win32Pipes.Overlapped {

	private final RecordingWin32Pipes owner;

	final long event;

	final ByteBuffer buffer;

	long handle;

	boolean pending;

	boolean cancelled;

	boolean freed;

	int requested;

	int transferred;

	int code;

	FakeOverlapped(RecordingWin32Pipes owner, long event, ByteBuffer buffer) {
		this.owner = owner;
		this.event = event;
		this.buffer = buffer;
	}

	@Override
	public long event() {
		return this.event;
	}

	@Override
	public ByteBuffer buffer() {
		return this.buffer;
	}

	@Override
	public int transferred() {
		synchronized (this.owner) {
			return this.transferred;
		}
	}

	@Override
	public void free() {
		synchronized (this.owner) {
			if (this.pending) {
				throw new AssertionError("OVERLAPPED freed while its I/O is in flight on " + this.handle);
			}
			if (this.freed) {
				throw new AssertionError("OVERLAPPED freed twice");
			}
			this.freed = true;
			this.owner.closeHandle(this.event);
		}
	}

	@Override
	public String toString() {
		return "Op[handle=" + this.handle + ", pending=" + this.pending + ", cancelled=" + this.cancelled + "]";
	}

}
