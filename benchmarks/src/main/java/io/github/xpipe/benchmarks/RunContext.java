package io.github.xpipe.benchmarks;

import java.nio.file.Path;

/**
 * Where and how one run happens.
 *
 * @param directory a fresh directory for this run's FIFOs, sockets and logs
 * @param settings durations and counts
 * @param toolchain the peers' commands
 */
public record RunContext(Path directory, RunSettings settings, Toolchain toolchain) {

	/** A path inside this run's directory. */
	public Path resolve(String name) {
		return this.directory.resolve(name);
	}

}
