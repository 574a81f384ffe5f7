package io.github.xpipe.hardening;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The listening application as a process of its own: {@link ListeningApp.App} started with the
 * given arguments ({@code --xpipe...}), printing {@code ready}, then {@code recv <writer> <seq>}
 * per message when started with {@code --hardening.print=true}. On stdin, {@code stats} prints
 * {@code stats <intact> <corrupt> <rejected frames by reason> <peak heap bytes>}, {@code reset}
 * resets the heap peaks, {@code failures} prints {@code failures <orders> <in>} (listener failures and
 * rejected frames counted on the pipes {@code orders} and {@code in}, every one, whatever the log
 * shows), {@code exit} closes the application.
 */
public final class ListenerAppMain {

	private ListenerAppMain() {
	}

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ListeningApp.App.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.main.log-startup-info=false",
					"logging.level.io.github.xpipe.listener=off")
			.run(args);
		Inbox inbox = context.getBean(Inbox.class);
		RecordingErrorHandler errors = context.getBean(RecordingErrorHandler.class);
		if (context.getEnvironment().getProperty("hardening.print", Boolean.class, false)) {
			inbox.printTo(System.out);
		}
		System.out.println("ready");
		System.out.flush();
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String command;
		while ((command = commands.readLine()) != null) {
			switch (command) {
				case "stats" -> {
					System.out.println("stats " + inbox.count() + " " + inbox.corrupt() + " "
							+ errors.rejectedFrames().toString().replace(" ", "") + " " + peakHeap());
					System.out.flush();
				}
				case "reset" -> ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
				case "failures" -> {
					System.out.println("failures " + context.getBean(ListenerFailures.class).on("orders") + " "
							+ context.getBean(ListenerFailures.class).on("in"));
					System.out.flush();
				}
				case "exit" -> {
					context.close();
					return;
				}
				default -> System.out.println("unknown " + command);
			}
		}
	}

	/** The sum of the peak usage of every heap pool since the last reset: an upper bound of the peak heap. */
	private static long peakHeap() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.mapToLong((pool) -> pool.getPeakUsage().getUsed())
			.sum();
	}

}
