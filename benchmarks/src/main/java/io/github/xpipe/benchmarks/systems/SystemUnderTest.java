package io.github.xpipe.benchmarks.systems;

import java.util.Optional;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Workload;

/** One of the systems measured side by side: xpipe, the C reference, the Python peer, and so on. */
public interface SystemUnderTest {

	/** A short stable identifier, e.g. {@code xpipe} or {@code c-packed}. */
	String id();

	/** One line saying what runs, for the table's legend. */
	String description();

	/** Why this system cannot run on this machine, if it cannot. */
	Optional<String> unavailable();

	/** Whether this system takes part in the workload. */
	boolean supports(Workload workload);

	/**
	 * Runs the workload once, in separate processes, and verifies what arrived (counts and checksum).
	 * @throws Exception when a peer fails, times out or delivers something else than was sent
	 */
	Measurement run(Workload workload, RunContext context) throws Exception;

}
