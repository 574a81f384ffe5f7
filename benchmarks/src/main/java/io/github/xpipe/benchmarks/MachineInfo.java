package io.github.xpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures depend on: CPUs, load, kernel, JVM, and the time of the run. */
public final class MachineInfo {

	private MachineInfo() {
	}

	/** The 1-, 5- and 15-minute load averages, as {@code /proc/loadavg} gives them, or {@code n/a}. */
	public static String loadAverage() {
		try {
			String[] fields = read("/proc/loadavg").split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (RuntimeException ex) {
			return "n/a";
		}
	}

	/** A description of this machine for the report. */
	public static Map<String, String> describe() {
		Map<String, String> info = new LinkedHashMap<>();
		info.put("time", Instant.now().toString());
		info.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
		info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch"));
		info.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		info.put("pipeMaxSize", read("/proc/sys/fs/pipe-max-size"));
		info.put("cpuModel", cpuModel());
		return info;
	}

	/** Reads a small file fully: {@code /proc} files report size 0, so no size-based read. */
	private static String read(String file) {
		try (java.io.InputStream in = Files.newInputStream(Path.of(file))) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("n/a");
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

}
