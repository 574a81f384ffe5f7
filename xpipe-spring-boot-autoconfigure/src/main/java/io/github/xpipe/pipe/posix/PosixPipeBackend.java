package io.github.xpipe.pipe.posix;

import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/** SKELETON: replaced by the posix backend. */
public final class PosixPipeBackend implements PipeBackend {

	@Override
	public String resolvePath(String nameOrPath, PipeOptions options) {
		throw new UnsupportedOperationException("not yet implemented");
	}

	@Override
	public String nameOf(String path) {
		throw new UnsupportedOperationException("not yet implemented");
	}

	@Override
	public CreatedPipe create(String name, String path, PipeOptions options) {
		throw new UnsupportedOperationException("not yet implemented");
	}

	@Override
	public PipeInput newInput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		throw new UnsupportedOperationException("not yet implemented");
	}

	@Override
	public PipeOutput newOutput(String name, String path, @Nullable CreatedPipe created, PipeOptions options) {
		throw new UnsupportedOperationException("not yet implemented");
	}

}
