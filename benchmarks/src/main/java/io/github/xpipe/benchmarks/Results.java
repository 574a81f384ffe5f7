package io.github.xpipe.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Every run's measurement or failure, by workload and system, in the order they were first run. */
public final class Results {

	private final Map<Workload, Map<String, Runs>> byWorkload = new LinkedHashMap<>();

	/** The measurements and failures of one system in one workload. */
	public static final class Runs {

		private final List<Measurement> measurements = new ArrayList<>();

		private final List<String> failures = new ArrayList<>();

		public List<Measurement> measurements() {
			return this.measurements;
		}

		public List<String> failures() {
			return this.failures;
		}

		/** The spread of one figure over the successful runs, or {@code null} without any. */
		public Spread spread(ToDoubleFunction<Measurement> figure) {
			List<Double> values = new ArrayList<>();
			for (Measurement measurement : this.measurements) {
				values.add(figure.applyAsDouble(measurement));
			}
			return Spread.of(values);
		}

		/** The spread of a memory figure over the runs that reported it, or {@code null}. */
		public Spread memory(String key) {
			List<Double> values = new ArrayList<>();
			for (Measurement measurement : this.measurements) {
				Long value = measurement.memory().get(key);
				if (value != null) {
					values.add(value.doubleValue());
				}
			}
			return Spread.of(values);
		}

	}

	public void add(Workload workload, String system, Measurement measurement) {
		runs(workload, system).measurements.add(measurement);
	}

	public void fail(Workload workload, String system, String reason) {
		runs(workload, system).failures.add(reason);
	}

	public List<Workload> workloads() {
		return new ArrayList<>(this.byWorkload.keySet());
	}

	/** The systems that ran a workload, in run order. */
	public List<String> systems(Workload workload) {
		return new ArrayList<>(this.byWorkload.getOrDefault(workload, Map.of()).keySet());
	}

	public Optional<Runs> get(Workload workload, String system) {
		return Optional.ofNullable(this.byWorkload.getOrDefault(workload, Map.of()).get(system));
	}

	/** The median of a figure, when the system has at least one successful run. */
	public Optional<Double> median(Workload workload, String system, ToDoubleFunction<Measurement> figure) {
		return get(workload, system).map((runs) -> runs.spread(figure)).map(Spread::median);
	}

	/** Every failure, as {@code workload · system: reason}. */
	public List<String> failures() {
		List<String> all = new ArrayList<>();
		this.byWorkload.forEach((workload, systems) -> systems.forEach((system, runs) -> runs.failures
			.forEach((reason) -> all.add(workload.label() + " · " + system + ": " + reason))));
		return all;
	}

	private Runs runs(Workload workload, String system) {
		return this.byWorkload.computeIfAbsent(workload, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(system, (key) -> new Runs());
	}

}
