package io.github.xpipe.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.xpipe.benchmarks.References.Reference;
import io.github.xpipe.benchmarks.systems.SystemUnderTest;

/**
 * The same figures as the {@link ResultTable}, as JSON: machine and load, settings, the systems
 * (with why any could not run), every workload × system with median, min and max of each figure,
 * ratios, memory, failures, and the targets.
 */
public final class JsonReport {

	private final StringBuilder json = new StringBuilder();

	private JsonReport() {
	}

	/** Writes the report to {@code file}. */
	public static void write(Path file, String mode, Map<String, String> machine, List<String> loadAverages,
			RunSettings settings, int runs, List<SystemUnderTest> systems, Results results, List<Targets.Check> targets)
			throws IOException {
		JsonReport report = new JsonReport();
		report.json.append("{\n");
		report.field(1, "mode", mode).append(",\n");
		report.indent(1).append("\"machine\": {");
		report.stringMap(machine);
		report.json.append("},\n");
		report.indent(1).append("\"loadAverages\": [");
		report.json.append(String.join(", ", loadAverages.stream().map(JsonReport::quote).toList())).append("],\n");
		report.indent(1).append("\"settings\": {");
		report.json.append(String.format(Locale.ROOT,
				"\"runs\": %d, \"durationMillis\": %d, \"warmupMillis\": %d, \"messageCount\": %d, \"verify\": %s, "
						+ "\"pinnedPingPong\": %s, \"enduranceMessages\": %d, \"javaPeerHeap\": %s",
				runs, settings.durationMillis(), settings.warmupMillis(), settings.messageCount(), settings.verify(),
				settings.pinCpus(), settings.enduranceMessages(), quote(Toolchain.PEER_HEAP)));
		report.json.append("},\n");
		report.systems(systems);
		report.results(results);
		report.targets(targets);
		report.indent(1).append("\"failures\": [");
		report.json.append(String.join(", ", results.failures().stream().map(JsonReport::quote).toList())).append("]\n");
		report.json.append("}\n");
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, report.json);
	}

	private void systems(List<SystemUnderTest> systems) {
		indent(1).append("\"systems\": [\n");
		List<String> items = new ArrayList<>();
		for (SystemUnderTest system : systems) {
			Optional<String> unavailable = system.unavailable();
			items.add(indentText(2) + "{\"id\": " + quote(system.id()) + ", \"description\": "
					+ quote(system.description()) + ", \"available\": " + unavailable.isEmpty()
					+ unavailable.map((reason) -> ", \"unavailableReason\": " + quote(reason)).orElse("") + "}");
		}
		this.json.append(String.join(",\n", items)).append("\n");
		indent(1).append("],\n");
	}

	private void results(Results results) {
		indent(1).append("\"results\": [\n");
		List<String> items = new ArrayList<>();
		for (Workload workload : results.workloads()) {
			for (String system : results.systems(workload)) {
				items.add(result(results, workload, system));
			}
		}
		this.json.append(String.join(",\n", items)).append("\n");
		indent(1).append("],\n");
	}

	private String result(Results results, Workload workload, String system) {
		Results.Runs runs = results.get(workload, system).orElseThrow();
		StringBuilder item = new StringBuilder(indentText(2)).append('{');
		item.append("\"workload\": ").append(quote(workload.id()));
		item.append(", \"label\": ").append(quote(workload.label()));
		item.append(", \"kind\": ").append(quote(workload.kind().name()));
		item.append(", \"payloadBytes\": ").append(workload.payloadSize());
		item.append(", \"framing\": ").append(quote(workload.framing()));
		item.append(", \"system\": ").append(quote(system));
		item.append(", \"runs\": ").append(runs.measurements().size());
		if (workload.isRoundTrip()) {
			item.append(", \"p50Micros\": ").append(spread(runs.spread(Measurement::p50Nanos), 1e3));
			item.append(", \"p99Micros\": ").append(spread(runs.spread(Measurement::p99Nanos), 1e3));
		}
		else {
			item.append(", \"messagesPerSecond\": ").append(spread(runs.spread(Measurement::messagesPerSecond), 1));
			item.append(", \"megabytesPerSecond\": ").append(spread(runs.spread(Measurement::bytesPerSecond), 1e6));
		}
		if (References.hasRatios(system)) {
			Reference c = References.cReference(workload);
			item.append(", \"ratioToC\": ").append(number(References.ratio(results, workload, system, c)));
			item.append(", \"cReference\": ").append(quote(c.system()));
			item.append(", \"ratioToPython\": ")
				.append(number(References.ratio(results, workload, system, References.python(workload))));
			if (workload.isRoundTrip()) {
				item.append(", \"p99RatioToC\": ")
					.append(number(References.ratio(results, workload, system, c, Measurement::p99Nanos)));
			}
		}
		List<String> memory = new ArrayList<>();
		if (!runs.measurements().isEmpty()) {
			for (String key : runs.measurements().get(0).memory().keySet()) {
				memory.add(quote(key) + ": " + spread(runs.memory(key), 1));
			}
		}
		if (!memory.isEmpty()) {
			item.append(", \"memory\": {").append(String.join(", ", memory)).append('}');
		}
		item.append(", \"failures\": [")
			.append(String.join(", ", runs.failures().stream().map(JsonReport::quote).toList()))
			.append("]}");
		return item.toString();
	}

	private void targets(List<Targets.Check> targets) {
		indent(1).append("\"targets\": [\n");
		List<String> items = new ArrayList<>();
		for (Targets.Check check : targets) {
			items.add(indentText(2) + "{\"name\": " + quote(check.name()) + ", \"measured\": "
					+ number(check.measured()) + ", \"unit\": " + quote(check.unit()) + ", \"met\": "
					+ ((check.met() == null) ? "null" : check.met().toString()) + ", \"c_echo\": " + number(check.cEcho())
					+ "}");
		}
		this.json.append(String.join(",\n", items)).append("\n");
		indent(1).append("],\n");
	}

	private static String spread(Spread spread, double unit) {
		if (spread == null) {
			return "null";
		}
		return String.format(Locale.ROOT, "{\"median\": %s, \"min\": %s, \"max\": %s}", decimal(spread.median() / unit),
				decimal(spread.min() / unit), decimal(spread.max() / unit));
	}

	private static String number(Optional<Double> value) {
		return value.map(JsonReport::decimal).orElse("null");
	}

	private static String decimal(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "null";
		}
		return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
	}

	private void stringMap(Map<String, String> values) {
		List<String> fields = new ArrayList<>();
		values.forEach((key, value) -> fields.add(quote(key) + ": " + quote(value)));
		this.json.append(String.join(", ", fields));
	}

	private StringBuilder field(int depth, String name, String value) {
		return indent(depth).append(quote(name)).append(": ").append(quote(value));
	}

	private StringBuilder indent(int depth) {
		return this.json.append(indentText(depth));
	}

	private static String indentText(int depth) {
		return "  ".repeat(depth);
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
