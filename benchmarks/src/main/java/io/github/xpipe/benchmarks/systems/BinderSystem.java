package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * xpipe's Spring Cloud Stream binder: a Spring Boot application whose functional bean the binder
 * binds to pipes ({@code io.github.xpipe.benchmarks.binder.BinderApp}), per message or in batch
 * mode. One way, the C packed writer floods the pipe a {@code Consumer} reads, as it does for the
 * starter's {@code @PipeListener} in {@code starter-reader}; request/reply, the C client drives an
 * echo {@code Function}, as it drives the sample app's {@code @PipeListener} + {@code @SendTo}.
 * Length-crc32 only, 64 B and 64 KiB: the sizes of the binder's targets.
 */
public final class BinderSystem implements SystemUnderTest {

	/** The payload sizes measured. */
	public static final List<Integer> SIZES = List.of(64, 64 * 1024);

	private static final String APP = "io.github.xpipe.benchmarks.binder.BinderApp";

	/**
	 * JIT warm-up of a freshly started binder application: longer than the starter's and the sample's,
	 * because a message crosses Spring Integration, Spring Cloud Stream and Spring Cloud Function code as
	 * well, whose C2 compilations queue before those of the pipe's read and write loop. With the
	 * {@code -XX:+PrintCompilation} of a 64 KiB request/reply echo on two CPUs, the sample's last hot
	 * methods were compiled about 2 s after it was ready, the binder's ({@code FifoInput.readWithin},
	 * {@code CoalescingWriter.submit}, {@code LengthCrc32Decoder.decode}) 4 to 4.7 s after; measured
	 * from 1.75 s on, the binder echoed 8 to 9k replies/s, measured from 5.25 s on as many as the
	 * sample.
	 */
	private static final long EXTRA_WARMUP_MILLIS = 4500;

	private final Toolchain toolchain;

	private final boolean batch;

	private final OneWay oneWay;

	private final Service service;

	/**
	 * @param cPacked the writer of the one-way runs
	 * @param batch whether the bindings are in batch mode, the function taking a list per read
	 */
	public BinderSystem(Toolchain toolchain, ProcessPairSystem cPacked, boolean batch) {
		this.toolchain = toolchain;
		this.batch = batch;
		this.oneWay = new OneWay(cPacked);
		this.service = new Service(toolchain);
	}

	@Override
	public String id() {
		return this.batch ? "xpipe-binder-batch" : "xpipe-binder";
	}

	@Override
	public String description() {
		return this.batch
				? "xpipe SCS binder, batch-mode: Consumer<List<byte[]>> fed by C packed; echo Function<List<byte[]>,List<byte[]>>"
				: "xpipe SCS binder: Consumer<byte[]> fed by C packed; echo Function<byte[],byte[]> driven by the C client";
	}

	@Override
	public Optional<String> unavailable() {
		try {
			Class.forName(APP);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return Optional.of("the binder application is not in this build: " + ex);
		}
		return this.oneWay.unavailable().or(this.service::unavailable);
	}

	@Override
	public boolean supports(Workload workload) {
		return (workload.kind() == Workload.Kind.THROUGHPUT || workload.kind() == Workload.Kind.REQUEST_REPLY)
				&& "lcrc".equals(workload.framing()) && SIZES.contains(workload.payloadSize());
	}

	@Override
	public Measurement run(Workload workload, RunContext context) throws Exception {
		return (workload.kind() == Workload.Kind.REQUEST_REPLY) ? this.service.run(workload, context)
				: this.oneWay.run(workload, context);
	}

	private List<String> java(RunContext context, String role, List<String> args) {
		try {
			return this.toolchain.java(Class.forName(APP), context.directory(), id() + "-" + role, args);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The one-way runs: the C packed writer, the binder's consumer reading. */
	private final class OneWay extends ProcessPairSystem {

		private final ProcessPairSystem writer;

		OneWay(ProcessPairSystem writer) {
			this.writer = writer;
		}

		@Override
		public String id() {
			return BinderSystem.this.id();
		}

		@Override
		public String description() {
			return BinderSystem.this.description();
		}

		@Override
		public Optional<String> unavailable() {
			return this.writer.unavailable();
		}

		@Override
		public boolean supports(Workload workload) {
			return BinderSystem.this.supports(workload);
		}

		@Override
		protected long extraWarmupMillis() {
			return EXTRA_WARMUP_MILLIS;
		}

		@Override
		protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
			RunSettings settings = context.settings();
			return java(context, "reader", args("reader", channel, workload.framing(), flag(settings.verify()),
					settings.warmupMillis(), flag(BinderSystem.this.batch)));
		}

		@Override
		protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
			return this.writer.writerCommand(workload, context, channel);
		}

	}

	/** The request/reply runs: the C client, the binder's echo function answering. */
	private final class Service extends ServiceSystem {

		Service(Toolchain toolchain) {
			super(toolchain);
		}

		@Override
		public String id() {
			return BinderSystem.this.id();
		}

		@Override
		public String description() {
			return BinderSystem.this.description();
		}

		@Override
		protected long extraWarmupMillis() {
			return EXTRA_WARMUP_MILLIS;
		}

		@Override
		protected List<String> serviceCommand(Workload workload, RunContext context, Path inbox, Path outbox) {
			return java(context, "service", List.of("echo", inbox.toString(), outbox.toString(), workload.framing(),
					BinderSystem.this.batch ? "1" : "0"));
		}

	}

}
