package io.github.xpipe.benchmarks.starter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.benchmarks.peers.PeerArgs;
import io.github.xpipe.benchmarks.peers.ReaderStats;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * The receiving Spring application of the starter benchmark: a {@code @PipeListener} taking
 * {@code byte[]} on an inbound pipe it creates; in ping-pong, the same listener answers each message
 * with {@code @SendTo} on an outbound pipe.
 *
 * <pre>
 * reader     &lt;fifo&gt; &lt;framing&gt; &lt;verify&gt; &lt;warmup_ms&gt;
 * pingserver &lt;fifo_in&gt; &lt;fifo_out&gt;
 * </pre>
 */
public final class StarterReaderApp {

	private static final String USAGE = "reader <fifo> <framing> <verify> <warmup_ms> | pingserver <fifo_in> <fifo_out>";

	private StarterReaderApp() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		switch (args.role()) {
			case "reader" -> read(args);
			case "pingserver" -> pingServer(args);
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	private static void read(PeerArgs args) throws InterruptedException {
		ReaderStats stats = new ReaderStats(args.flag(3), args.number(4) * 1_000_000L, 0);
		Counting.stats = stats;
		try (ConfigurableApplicationContext context = StarterApps.start(Counting.class,
				StarterApps.pipe("bench", args.text(1), "inbound", true, args.text(2)))) {
			System.out.println("READY");
			Counting.done.await();
			System.out.println(stats.result());
		}
	}

	private static void pingServer(PeerArgs args) throws InterruptedException {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.putAll(StarterApps.pipe("request", args.text(1), "inbound", true, "lcrc"));
		properties.putAll(StarterApps.pipe("reply", args.text(2), "outbound", true, "lcrc"));
		try (ConfigurableApplicationContext context = StarterApps.start(Echo.class, properties)) {
			System.out.println("READY");
			Echo.done.await();
			System.out.println("RESULT messages=" + Echo.echoed);
		}
	}

	/** Counts what arrives, as a throughput reader. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Counting {

		static ReaderStats stats;

		static final CountDownLatch done = new CountDownLatch(1);

		@PipeListener("bench")
		void onMessage(byte[] payload) {
			if (stats.onListenerMessage(payload)) {
				done.countDown();
			}
		}

	}

	/** Answers every request with the same bytes. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Echo {

		static final CountDownLatch done = new CountDownLatch(1);

		static volatile long echoed;

		@PipeListener("request")
		@SendTo("reply")
		byte[] onRequest(byte[] payload) {
			if (payload.length == 0) {
				done.countDown();
			}
			else {
				echoed++;
			}
			return payload;
		}

	}

}
