package io.github.xpipe.pipe.windows;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.CreatedPipe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipe name this process serves. It always holds at least one server instance while it lives, so
 * the name cannot be taken over by another process between one end closing and the next opening:
 * ends borrow the reserved instance with {@link #acquireInstance()} and give it back, disconnected,
 * with {@link #releaseInstance(long)}.
 */
final class WindowsCreatedPipe implements CreatedPipe {

	private static final Logger logger = LoggerFactory.getLogger(WindowsCreatedPipe.class);

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

	/**
	 * Takes back an instance whose client has read everything or is gone: disconnects it and keeps
	 * it as the reserved one, or closes it.
	 */
	synchronized void releaseInstance(long instance) {
		this.win32.disconnectNamedPipe(instance);
		if (!this.deleted && this.reservedInstance == 0) {
			this.reservedInstance = instance;
		}
		else {
			this.win32.closeHandle(instance);
		}
	}

	/**
	 * Takes back an instance a reader may still be reading from. {@code DisconnectNamedPipe} would
	 * discard what it has not read yet, so the instance is closed instead (the reader reads the rest,
	 * then sees the pipe broken), and a fresh instance keeps the name reserved. Only when the
	 * instance limit forbids a second instance is the name released for a moment and claimed again
	 * as a first instance, which fails, and is logged, if another process took it meanwhile.
	 */
	synchronized void closeInstance(long instance) {
		if (this.deleted || this.reservedInstance != 0) {
			this.win32.closeHandle(instance);
			return;
		}
		try {
			this.reservedInstance = this.spec.createInstance(this.win32, false);
			this.win32.closeHandle(instance);
			return;
		}
		catch (Win32Exception ex) {
			this.win32.closeHandle(instance);
			if (ex.code() != WinError.ERROR_PIPE_BUSY) {
				logger.warn("Pipe '{}': cannot create a server instance: {}", this.name, ex.getMessage());
				return;
			}
		}
		try {
			this.reservedInstance = this.spec.createInstance(this.win32, true);
		}
		catch (Win32Exception ex) {
			logger.warn("Pipe '{}': cannot claim {} again, another process may own it now: {}", this.name,
					this.spec.path(), ex.getMessage());
		}
	}

	@Override
	public boolean madeHere() {
		return true;
	}

	/** Closes the reserved instance; instances that open ends hold are closed when those ends close. */
	@Override
	public synchronized void delete() {
		this.deleted = true;
		if (this.reservedInstance != 0) {
			this.win32.closeHandle(this.reservedInstance);
			this.reservedInstance = 0;
		}
	}

}
