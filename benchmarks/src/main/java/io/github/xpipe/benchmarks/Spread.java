package io.github.xpipe.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The median of several runs with their min–max spread.
 *
 * @param median the middle value (mean of the two middle ones for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param runs how many values
 */
public record Spread(double median, double min, double max, int runs) {

	/** The spread of the given values; empty input gives {@code null}. */
	public static Spread of(List<Double> values) {
		if (values.isEmpty()) {
			return null;
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
		return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
	}

}
