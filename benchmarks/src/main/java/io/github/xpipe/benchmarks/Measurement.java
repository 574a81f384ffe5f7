package io.github.xpipe.benchmarks;

import java.util.Map;

/**
 * What one run of one system measured: throughput for one-way workloads, round-trip percentiles for
 * ping-pong (the other fields are 0), and the JVM memory figures Java peers report.
 *
 * @param messagesPerSecond messages per second in the measured window
 * @param bytesPerSecond payload bytes per second in the measured window
 * @param p50Nanos median round trip
 * @param p99Nanos 99th-percentile round trip
 * @param memory JVM figures by name, e.g. {@code reader_alloc_per_message}, {@code reader_peak_heap}
 */
public record Measurement(double messagesPerSecond, double bytesPerSecond, double p50Nanos, double p99Nanos,
		Map<String, Long> memory) {

	public Measurement {
		memory = Map.copyOf(memory);
	}

}
