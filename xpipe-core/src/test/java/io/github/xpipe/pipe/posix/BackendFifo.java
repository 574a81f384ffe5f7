package io.github.xpipe.pipe.posix;

import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;

/**
 * Test support: a FIFO created through a {@link PosixPipeBackend} for one test, under the options'
 * base directory, and the ends a test opens on it. {@link #delete} removes it when the test ends.
 */
final class BackendFifo {

	final PosixPipeBackend backend = new PosixPipeBackend();

	final String name;

	final String path;

	final CreatedPipe created;

	/** The options new ends are made with; a test may change them before it makes its ends. */
	PipeOptions options;

	BackendFifo(String name, PipeOptions options) throws Exception {
		this.name = name;
		this.options = options;
		this.path = this.backend.resolvePath(name, options);
		this.created = this.backend.create(name, this.path, options);
	}

	/** A reading end on the created FIFO. */
	PipeInput newInput() {
		return this.backend.newInput(this.name, this.path, this.created, this.options);
	}

	/** A writing end, opening the FIFO by its path as a client does. */
	PipeOutput newOutput() {
		return this.backend.newOutput(this.name, this.path, null, this.options);
	}

	void delete() throws Exception {
		this.created.delete();
	}

}
