package io.github.xpipe.pipe.posix;

import java.nio.file.Path;

import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import io.github.xpipe.pipe.spi.ReaderStandby;

/**
 * Test support: the path of a FIFO that the test itself makes, removes or replaces (with
 * {@link RawFifo}, as another process would), and the backend's ends on it, which never create it.
 */
final class PeerFifo {

	final PosixPipeBackend backend = new PosixPipeBackend();

	final String name;

	final Path path;

	final PipeOptions options;

	/** A FIFO named {@code name} in {@code directory}, not made yet. */
	PeerFifo(Path directory, String name) {
		this.name = name;
		this.path = directory.resolve(name);
		this.options = PipeOptions.defaults().withBaseDirectory(directory);
	}

	/** A reading end that follows the FIFO at the path, with the given standby (or none). */
	PipeInput newInput(ReaderStandby standby) {
		return this.backend.newInput(this.name, this.path.toString(), null, this.options, standby);
	}

	/** A writing end on the FIFO at the path. */
	PipeOutput newOutput() {
		return this.backend.newOutput(this.name, this.path.toString(), null, this.options);
	}

	/** The backend's standby for the FIFO at the path, or {@code null} if it has none. */
	ReaderStandby newReaderStandby() throws Exception {
		return this.backend.newReaderStandby(this.name, this.path.toString(), this.options);
	}

}
