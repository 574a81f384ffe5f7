package io.github.xpipe.pipe.windows;

import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.CreatedPipe;

/**
 * A pipe name this process serves. It always holds at least one server instance while it lives, so
 * the name cannot be taken over by another process between one end closing and the next opening:
 * ends borrow the reserved instance with {@link #acquireInstance()} and give it back, disconnected,
 * with {@link #releaseInstance(long)}.
 */
final class WindowsCreatedPipe implements CreatedPipe {

	private final Win32Pipes win32;

	private final String name;

	private final PipeServerSpec spec;

	private long reservedInstance;

	private boolean deleted;

	WindowsCreatedPipe(Win32Pipes win32, String name, PipeServerSpec spec, long firstInstance) {
		this.win32 = win32;
		this.name = name;
		this.spec = spec;
		this.reservedInstance = firstInstance;
	}

	PipeServerSpec spec() {
		return this.spec;
	}

	/** The reserved instance if it is free, else a new instance of the pipe. */
	synchronized long acquireInstance() throws PipeException, Win32Exception {
		if (this.deleted) {
			throw new PipeClosedException(this.name, "pipe was deleted");
		}
		long instance = this.reservedInstance;
		if (instance != 0) {
			this.reservedInstance = 0;
			return instance;
		}
		return this.spec.createInstance(this.win32, false);
	}

	/** Takes an instance back: disconnects it and keeps it as the reserved one, or closes it. */
	synchronized void releaseInstance(long instance) {
		this.win32.disconnectNamedPipe(instance);
		if (!this.deleted && this.reservedInstance == 0) {
			this.reservedInstance = instance;
		}
		else {
			this.win32.closeHandle(instance);
		}
	}

	@Override
	public boolean madeHere() {
		return true;
	}

	/** Closes the reserved instance; instances ends still hold close when those ends close. */
	@Override
	public synchronized void delete() {
		this.deleted = true;
		if (this.reservedInstance != 0) {
			this.win32.closeHandle(this.reservedInstance);
			this.reservedInstance = 0;
		}
	}

}
