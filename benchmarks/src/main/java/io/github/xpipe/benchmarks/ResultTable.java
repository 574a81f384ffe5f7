package io.github.xpipe.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.xpipe.benchmarks.References.Reference;

/**
 * The benchmark's figures as plain-text tables: per workload, one row per system with the median
 * and min–max of its runs, the xpipe rows' ratios to the C reference and to the Python peer, and
 * allocation and peak heap of the Java peers; then the targets.
 */
public final class ResultTable {

	private static final String ROW = "  %-14s %-24s %-22s %-6s %-8s %-16s %s%n";

	private static final String PING_ROW = "  %-14s %-24s %-24s %-10s %-10s %-10s%n";

	private ResultTable() {
	}

	/** Renders every workload's table. */
	public static String render(Results results) {
		StringBuilder out = new StringBuilder();
		for (Workload workload : results.workloads()) {
			out.append(workload.isRoundTrip() ? pingPong(results, workload)
					: oneWay(results, workload));
			out.append(System.lineSeparator());
		}
		return out.toString();
	}

	/** Renders the target checks. */
	public static String render(List<Targets.Check> checks) {
		StringBuilder out = new StringBuilder("Targets, medians of this run (C echo: the same figure for "
				+ "c-echo-atomic, where a service target has one):").append(System.lineSeparator());
		for (Targets.Check check : checks) {
			String verdict = (check.met() == null) ? "NOT MEASURED" : check.met() ? "met" : "NOT MET";
			String measured = check.measured()
				.map((value) -> check.unit().equals("×") ? String.format(Locale.ROOT, "%.2f×", value)
						: String.format(Locale.ROOT, "%.0f %s", value, check.unit()))
				.orElse("—");
			String cEcho = check.cEcho().map((value) -> String.format(Locale.ROOT, "C echo %.2f×", value)).orElse("");
			out.append(String.format(Locale.ROOT, "  %-66s %-26s %-13s %s", check.name(), measured, verdict, cEcho)
				.stripTrailing()).append(System.lineSeparator());
		}
		return out.toString();
	}

	private static String oneWay(Results results, Workload workload) {
		StringBuilder out = new StringBuilder();
		Reference c = References.cReference(workload);
		if (workload.kind() == Workload.Kind.THROUGHPUT) {
			out.append(String.format("%s   (×C: vs %s%s)%n", workload.label(), c.system(),
					c.workload().equals(workload) ? "" : " raw bytes"));
		}
		else if (workload.kind() == Workload.Kind.REQUEST_REPLY) {
			out.append(String.format("%s, replies   (×C: vs %s, ×Python: vs %s)%n", workload.label(), c.system(),
					References.python(workload).system()));
		}
		else {
			out.append(workload.label()).append(System.lineSeparator());
		}
		out.append(String.format(ROW, "system", "msg/s (min–max)", "MB/s (min–max)", "×C", "×Python",
				"alloc B/msg r/w", "peak heap MiB r/w"));
		for (String system : results.systems(workload)) {
			Results.Runs runs = results.get(workload, system).orElseThrow();
			if (runs.measurements().isEmpty()) {
				out.append(String.format("  %-14s FAILED: %s%n", system, runs.failures().get(0)));
				continue;
			}
			boolean xpipe = References.hasRatios(system);
			out.append(String.format(ROW, system, spread(runs.spread(Measurement::messagesPerSecond), 1, true),
					spread(runs.spread(Measurement::bytesPerSecond), 1e6, false),
					xpipe ? ratio(References.ratio(results, workload, system, c)) : "",
					xpipe ? ratio(References.ratio(results, workload, system, References.python(workload))) : "",
					pair(runs, "alloc_per_message", 1), pair(runs, "peak_heap", 1024 * 1024)));
			if (!runs.failures().isEmpty()) {
				out.append(String.format("  %-14s %d run(s) failed: %s%n", "", runs.failures().size(),
						runs.failures().get(0)));
			}
		}
		return out.toString();
	}

	private static String pingPong(Results results, Workload workload) {
		StringBuilder out = new StringBuilder();
		Reference c = References.cReference(workload);
		String how = workload.isService() ? "round trip of one request at a time" : "round trip, peers on CPUs 0 and 1";
		out.append(String.format("%s, %s   (×C: vs %s, lower is better)%n", workload.label(), how, c.system()));
		out.append(String.format(PING_ROW, "system", "p50 µs (min–max)", "p99 µs (min–max)", "p50 ×C", "p99 ×C",
				"p50 ×Python"));
		for (String system : results.systems(workload)) {
			Results.Runs runs = results.get(workload, system).orElseThrow();
			if (runs.measurements().isEmpty()) {
				out.append(String.format("  %-14s FAILED: %s%n", system, runs.failures().get(0)));
				continue;
			}
			boolean xpipe = References.hasRatios(system);
			out.append(String.format(PING_ROW, system, spread(runs.spread(Measurement::p50Nanos), 1e3, false),
					spread(runs.spread(Measurement::p99Nanos), 1e3, false),
					xpipe ? ratio(References.ratio(results, workload, system, c, Measurement::p50Nanos)) : "",
					xpipe ? ratio(References.ratio(results, workload, system, c, Measurement::p99Nanos)) : "",
					xpipe ? ratio(References.ratio(results, workload, system, References.python(workload),
							Measurement::p50Nanos)) : ""));
		}
		return out.toString();
	}

	private static String pair(Results.Runs runs, String key, double unit) {
		Spread read = runs.memory("reader_" + key);
		Spread write = runs.memory("writer_" + key);
		if (read == null && write == null) {
			return "";
		}
		return number(read, unit) + " / " + number(write, unit);
	}

	private static String number(Spread spread, double unit) {
		return (spread != null) ? String.format(Locale.ROOT, "%.0f", spread.median() / unit) : "-";
	}

	private static String ratio(Optional<Double> ratio) {
		return ratio.map((value) -> String.format(Locale.ROOT, "%.2f", value)).orElse("n/a");
	}

	/** {@code median (min–max)} in the unit, with k/M suffixes when {@code scaled}. */
	static String spread(Spread spread, double unit, boolean scaled) {
		if (spread == null) {
			return "—";
		}
		return format(spread.median() / unit, scaled) + " (" + format(spread.min() / unit, scaled) + "–"
				+ format(spread.max() / unit, scaled) + ")";
	}

	private static String format(double value, boolean scaled) {
		if (scaled && value >= 1e6) {
			return String.format(Locale.ROOT, "%.2fM", value / 1e6);
		}
		if (scaled && value >= 1e4) {
			return String.format(Locale.ROOT, "%.0fk", value / 1e3);
		}
		if (value >= 100) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
