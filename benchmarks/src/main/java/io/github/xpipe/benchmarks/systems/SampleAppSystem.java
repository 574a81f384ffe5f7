package io.github.xpipe.benchmarks.systems;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * The service users build: the sample app's executable jar ({@code java -jar}), whose
 * {@code @PipeListener("inbox")} answers each message with {@code @SendTo("outbox")}, with its default
 * settings (length-crc32, little-endian, CRC); only its pipe directory ({@code xpipe.base-dir}), a
 * free HTTP port and, for base64, the two pipes' framing are set on its command line.
 */
public final class SampleAppSystem extends ServiceSystem {

	/** JIT warm-up of a freshly started application, as the starter system gets. */
	private static final long EXTRA_WARMUP_MILLIS = 1500;

	private final Optional<Path> jar;

	private final String missing;

	private final boolean required;

	/**
	 * @param jar the sample's executable jar, when found
	 * @param missing what to say when it was not found
	 * @param required whether a missing jar fails the runs (the smoke) rather than leaving them out
	 */
	public SampleAppSystem(Toolchain toolchain, Optional<Path> jar, String missing, boolean required) {
		super(toolchain);
		this.jar = jar;
		this.missing = missing;
		this.required = required;
	}

	@Override
	public String id() {
		return "xpipe-sample";
	}

	@Override
	public String description() {
		return "the sample app's jar, default settings: @PipeListener(\"inbox\") + @SendTo(\"outbox\")"
				+ this.jar.map((path) -> " (" + path.getFileName() + ")").orElse("");
	}

	@Override
	public Optional<String> unavailable() {
		if (this.jar.isEmpty() && !this.required) {
			return Optional.of(this.missing);
		}
		return super.unavailable();
	}

	@Override
	protected long extraWarmupMillis() {
		return EXTRA_WARMUP_MILLIS;
	}

	/** The sample logs where its echo service listens once its pipes are up. */
	@Override
	protected String readyMarker() {
		return "Echo service: ";
	}

	@Override
	protected Path pipeDirectory(RunContext context) throws IOException {
		return Files.createDirectories(context.resolve("sample-pipes"));
	}

	@Override
	protected List<String> serviceCommand(Workload workload, RunContext context, Path inbox, Path outbox) {
		Path executable = this.jar.orElseThrow(() -> new IllegalStateException(this.missing));
		List<String> args = new ArrayList<>();
		args.add("--xpipe.base-dir=" + inbox.getParent());
		args.add("--server.port=0");
		if ("b64".equals(workload.framing())) {
			args.add("--xpipe.pipes.inbox.framing=base64");
			args.add("--xpipe.pipes.outbox.framing=base64");
		}
		return this.toolchain.javaJar(executable, context.directory(), id(), args);
	}

}
