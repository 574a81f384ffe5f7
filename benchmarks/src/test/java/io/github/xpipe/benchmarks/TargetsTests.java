package io.github.xpipe.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetsTests {

	private static final Workload SMALL_LCRC = new Workload(Workload.Kind.THROUGHPUT, 64, "lcrc");

	@Test
	void ratioToCPackedDecidesTheSmallMessageTarget() {
		Results results = new Results();
		results.add(SMALL_LCRC, "xpipe", throughput(6e6 * 64));
		results.add(SMALL_LCRC, "c-packed", throughput(10e6 * 64));
		Targets.Check check = find(results, "xpipe 64 B length-crc32 ≥ 0.5× C packed");
		assertThat(check.measured()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(0.6));
		assertThat(check.met()).isTrue();
	}

	@Test
	void missingReferenceIsNotMeasuredRatherThanMet() {
		Results results = new Results();
		results.add(SMALL_LCRC, "xpipe", throughput(6e6 * 64));
		Targets.Check check = find(results, "xpipe 64 B length-crc32 ≥ 0.5× C packed");
		assertThat(check.measured()).isEmpty();
		assertThat(check.met()).isNull();
	}

	@Test
	void aSecondPayloadCopyFailsTheAllocationTarget() {
		Workload large = new Workload(Workload.Kind.THROUGHPUT, 1024 * 1024, "b64");
		Results results = new Results();
		results.add(large, "xpipe", new Measurement(1, 1, 0, 0, Map.of("reader_alloc_per_message", 2L * 1024 * 1024)));
		assertThat(find(results, "xpipe base64 reader alloc ≤ 1 payload array/msg").met()).isFalse();
	}

	@Test
	void arrayBytesCountsHeaderAndPadding() {
		assertThat(Targets.arrayBytes(64)).isEqualTo(80);
		assertThat(Targets.arrayBytes(1)).isEqualTo(24);
	}

	private static Measurement throughput(double bytesPerSecond) {
		return new Measurement(bytesPerSecond / 64, bytesPerSecond, 0, 0, Map.of());
	}

	private static Targets.Check find(Results results, String name) {
		return Targets.evaluate(results).stream().filter((check) -> check.name().equals(name)).findFirst().orElseThrow();
	}

}
