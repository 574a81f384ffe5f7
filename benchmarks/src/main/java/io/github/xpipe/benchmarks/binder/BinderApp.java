package io.github.xpipe.benchmarks.binder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;

import io.github.xpipe.benchmarks.peers.PeerArgs;
import io.github.xpipe.benchmarks.peers.ReaderStats;
import io.github.xpipe.benchmarks.starter.StarterApps;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The Spring Cloud Stream application of the binder benchmark, bound to its pipes by the xpipe
 * binder. As a reader, a {@code Consumer<byte[]>} counts what arrives on a pipe it creates (in batch
 * mode a {@code Consumer<List<byte[]>>}, invoked once per read of the pipe); as an echo service, a
 * {@code Function<byte[], byte[]>} answers each request on {@code inbox} with the same bytes on
 * {@code outbox} (in batch mode a {@code Function<List<byte[]>, List<byte[]>>}, whose list Spring
 * Cloud Stream sends as one message per element).
 *
 * <pre>
 * reader &lt;fifo&gt; &lt;framing&gt; &lt;verify&gt; &lt;warmup_ms&gt; &lt;batch&gt;
 * echo   &lt;inbox&gt; &lt;outbox&gt; &lt;framing&gt; &lt;batch&gt;
 * </pre>
 */
public final class BinderApp {

	private static final String USAGE = "reader <fifo> <framing> <verify> <warmup_ms> <batch>"
			+ " | echo <inbox> <outbox> <framing> <batch>";

	private BinderApp() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		switch (args.role()) {
			case "reader" -> read(args);
			case "echo" -> echo(args);
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	private static void read(PeerArgs args) throws InterruptedException {
		ReaderStats stats = new ReaderStats(args.flag(3), args.number(4) * 1_000_000L, 0);
		Counting.stats = stats;
		boolean batch = args.flag(5);
		String function = batch ? "countBatch" : "count";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.function.definition", function);
		properties.putAll(binding(function + "-in-0", "consumer", args.text(1), args.text(2), batch));
		try (ConfigurableApplicationContext context = StarterApps.start(Counting.class, properties)) {
			System.out.println("READY");
			Counting.done.await();
			System.out.println(stats.result());
		}
	}

	private static void echo(PeerArgs args) throws InterruptedException {
		boolean batch = args.flag(4);
		String function = batch ? "echoBatch" : "echo";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.function.definition", function);
		properties.putAll(binding(function + "-in-0", "consumer", args.text(1), args.text(3), batch));
		properties.putAll(binding(function + "-out-0", "producer", args.text(2), args.text(3), false));
		properties.put("spring.cloud.stream.xpipe.bindings." + function + "-out-0.producer.connect-timeout", "120s");
		try (ConfigurableApplicationContext context = StarterApps.start(Echo.class, properties)) {
			System.out.println("READY");
			new CountDownLatch(1).await();
		}
	}

	/**
	 * The properties of one binding: its pipe at this path, raw bytes ({@code application/octet-stream}),
	 * the framing, and for a consumer whether it is in batch mode.
	 */
	private static Map<String, Object> binding(String binding, String kind, String path, String framing,
			boolean batch) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String prefix = "spring.cloud.stream.bindings." + binding + ".";
		properties.put(prefix + "destination", path);
		properties.put(prefix + "content-type", "application/octet-stream");
		if (batch) {
			properties.put(prefix + "consumer.batch-mode", "true");
		}
		properties.put("spring.cloud.stream.xpipe.bindings." + binding + "." + kind + ".framing",
				"b64".equals(framing) ? "base64" : "length-crc32");
		return properties;
	}

	/** Counts what arrives, as a throughput reader: per message or per batch. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Counting {

		static ReaderStats stats;

		static final CountDownLatch done = new CountDownLatch(1);

		@Bean
		Consumer<byte[]> count() {
			return this::onMessage;
		}

		@Bean
		Consumer<List<byte[]>> countBatch() {
			return (payloads) -> {
				ReaderStats current = stats;
				for (byte[] payload : payloads) {
					current.onMessage(payload);
				}
				if (current.isDone()) {
					done.countDown();
				}
				else {
					current.afterRead();
				}
			};
		}

		private void onMessage(byte[] payload) {
			if (stats.onListenerMessage(payload)) {
				done.countDown();
			}
		}

	}

	/** Answers every request with the same bytes: per message or per batch. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Echo {

		@Bean
		Function<byte[], byte[]> echo() {
			return (payload) -> payload;
		}

		@Bean
		Function<List<byte[]>, List<byte[]>> echoBatch() {
			return (payloads) -> payloads;
		}

	}

}
