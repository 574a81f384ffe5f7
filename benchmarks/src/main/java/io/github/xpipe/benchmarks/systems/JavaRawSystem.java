package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;
import io.github.xpipe.benchmarks.peers.JavaRawPeer;

/**
 * A diagnostic bound for the large length-crc32 rows: {@link JavaRawPeer}, two JVMs moving unframed
 * messages of the row's size through a 1 MiB FIFO with JNA, one copy into a direct buffer on the
 * writer and one copy into a fresh {@code byte[]} per message on the reader; optionally with a CRC-32
 * of every message on both sides. Its ratio to {@code c-raw-1m} is what a Java peer that delivers
 * arrays can reach on this machine before any framing or pipe-end logic.
 */
public final class JavaRawSystem extends ProcessPairSystem {

	private final Toolchain toolchain;

	private final boolean crc;

	public JavaRawSystem(Toolchain toolchain, boolean crc) {
		this.toolchain = toolchain;
		this.crc = crc;
	}

	/** JVM peers, like the others: {@value JavaPeerSystem#JVM_WARMUP_MILLIS} ms more warm-up. */
	@Override
	protected long extraWarmupMillis() {
		return JavaPeerSystem.JVM_WARMUP_MILLIS;
	}

	@Override
	public String id() {
		return this.crc ? "java-raw-crc" : "java-raw";
	}

	@Override
	public String description() {
		return "diagnostic: Java bound, unframed messages via JNA read/write, 1 MiB pipe, fresh byte[] per message"
				+ (this.crc ? ", CRC-32 on both sides" : "");
	}

	@Override
	public Optional<String> unavailable() {
		return Optional.empty();
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT && "lcrc".equals(workload.framing())
				&& workload.payloadSize() >= 64 * 1024;
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return this.toolchain.java(JavaRawPeer.class, context.directory(), id() + "-reader", args("reader", channel,
				workload.payloadSize(), flag(this.crc || settings.verify()), settings.warmupMillis()));
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return this.toolchain.java(JavaRawPeer.class, context.directory(), id() + "-writer",
				args("writer", channel, workload.payloadSize(), settings.durationMillis(),
						settings.countFor(workload.payloadSize()), flag(this.crc || settings.verify())));
	}

}
