package io.github.xpipe.benchmarks.starter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.benchmarks.peers.PeerArgs;
import io.github.xpipe.benchmarks.peers.PingClientLoop;
import io.github.xpipe.benchmarks.peers.WriterLoop;
import io.github.xpipe.core.XPipeTemplate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sending Spring application of the starter benchmark: {@code XPipeTemplate.send} on an
 * outbound pipe the receiving application created, with {@code send-mode: queued}; in ping-pong it also listens for the replies
 * with a {@code @PipeListener} and times each round trip.
 *
 * <pre>
 * writer     &lt;fifo&gt; &lt;framing&gt; &lt;payload&gt; &lt;duration_ms&gt; &lt;count&gt; &lt;verify&gt;
 * pingclient &lt;fifo_out&gt; &lt;fifo_in&gt; &lt;duration_ms&gt; &lt;warmup_ms&gt; &lt;count&gt;
 * </pre>
 */
public final class StarterWriterApp {

	private static final String USAGE = "writer <fifo> <framing> <payload> <duration_ms> <count> <verify>"
			+ " | pingclient <fifo_out> <fifo_in> <duration_ms> <warmup_ms> <count>";

	private StarterWriterApp() {
	}

	public static void main(String[] arguments) throws Exception {
		PeerArgs args = new PeerArgs(arguments, USAGE);
		switch (args.role()) {
			case "writer" -> write(args);
			case "pingclient" -> pingClient(args);
			default -> throw new IllegalArgumentException("Unknown role; usage: " + USAGE);
		}
	}

	private static void write(PeerArgs args) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>(
				StarterApps.pipe("bench", args.text(1), "outbound", false, args.text(2)));
		properties.put("xpipe.pipes.bench.send-mode", "queued");
		try (ConfigurableApplicationContext context = StarterApps.start(Sending.class, properties)) {
			XPipeTemplate template = context.getBean(XPipeTemplate.class);
			String result = WriterLoop.run(args.integer(3), args.number(4), args.number(5), args.flag(6), false,
					(payload) -> template.send("bench", payload));
			template.flush("bench");
			System.out.println(result);
		}
	}

	private static void pingClient(PeerArgs args) throws Exception {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.putAll(StarterApps.pipe("request", args.text(1), "outbound", false, "lcrc"));
		properties.putAll(StarterApps.pipe("reply", args.text(2), "inbound", false, "lcrc"));
		try (ConfigurableApplicationContext context = StarterApps.start(Replies.class, properties)) {
			XPipeTemplate template = context.getBean(XPipeTemplate.class);
			BlockingQueue<byte[]> replies = Replies.queue;
			System.out.println(PingClientLoop.run(args.number(3), args.number(4), args.number(5), (payload) -> {
				template.send("request", payload);
				return replies.take();
			}));
		}
	}

	/** Only sends: the template is all it needs. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Sending {

	}

	/** Hands each reply to the timing loop. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Replies {

		static final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(16);


		@PipeListener("reply")
		void onReply(byte[] payload) throws InterruptedException {
			queue.put(payload);
		}

	}

}
