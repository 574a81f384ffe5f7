package io.github.xpipe.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
	void theSampleIsHeldAgainstCDirectAndThePythonEchoInTheSameRequestReplyWorkload() {
		Workload small = Workload.requestReply(64, "lcrc");
		Results results = sampleAtAFifthOfCDirect(small);
		results.add(small, "python-echo", throughput(0.25e6 * 64));
		Targets.Check direct = find(results, "xpipe-sample request/reply 64 B length-crc32 ≥ 0.25× C direct");
		Targets.Check python = find(results, "xpipe-sample request/reply 64 B length-crc32 ≥ 8× Python echo");
		assertThat(direct.measured()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(0.2));
		assertThat(direct.met()).isFalse();
		assertThat(python.measured()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(4.0));
		assertThat(python.met()).isFalse();
	}

	@Test
	void theLoadedP99IsHeldAgainstTheIdleP99OfTheSameService() {
		Results results = new Results();
		results.add(Workload.latency(false), "xpipe-sample", new Measurement(0, 0, 30_000, 50_000, Map.of()));
		results.add(Workload.latency(true), "xpipe-sample", new Measurement(0, 0, 40_000, 90_000, Map.of()));
		Targets.Check check = find(results, "xpipe-sample lone request p99 beside a stream ≤ 2× idle p99");
		assertThat(check.measured()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(1.8));
		assertThat(check.met()).isTrue();
	}

	@Test
	void theSampleTargetsCarryTheCEchoServicesRatioAgainstTheSameReference() {
		Workload large = Workload.requestReply(64 * 1024, "b64");
		Results results = sampleAtHalfOfCDirect(large, 11e3);
		results.add(large, "c-echo", throughput(19e3 * 65536));
		Targets.Check check = find(results, "xpipe-sample request/reply 64 KiB base64 ≥ 0.95× C direct");
		assertThat(check.measured()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(0.5));
		assertThat(check.met()).isFalse();
		assertThat(check.cEcho()).hasValueSatisfying((ratio) -> assertThat(ratio).isCloseTo(0.55, within(1e-9)));
	}

	@Test
	void theCEchoServicesLoadedP99IsHeldAgainstItsOwnIdleP99() {
		Results results = new Results();
		results.add(Workload.latency(false), "xpipe-sample", new Measurement(0, 0, 30_000, 50_000, Map.of()));
		results.add(Workload.latency(true), "xpipe-sample", new Measurement(0, 0, 40_000, 90_000, Map.of()));
		results.add(Workload.latency(false), "c-echo-atomic", new Measurement(0, 0, 20_000, 40_000, Map.of()));
		results.add(Workload.latency(true), "c-echo-atomic", new Measurement(0, 0, 30_000, 100_000, Map.of()));
		Targets.Check check = find(results, "xpipe-sample lone request p99 beside a stream ≤ 2× idle p99");
		assertThat(check.cEcho()).hasValueSatisfying((ratio) -> assertThat(ratio).isEqualTo(2.5));
	}

	@Test
	void noCEchoFigureWithoutTheCEchoServiceNorForTargetsOutsideTheService() {
		Results results = sampleAtAFifthOfCDirect(Workload.requestReply(64, "lcrc"));
		results.add(SMALL_LCRC, "xpipe", throughput(6e6 * 64));
		results.add(SMALL_LCRC, "c-packed", throughput(10e6 * 64));
		results.add(SMALL_LCRC, "c-echo-atomic", throughput(10e6 * 64));
		assertThat(find(results, "xpipe-sample request/reply 64 B length-crc32 ≥ 0.25× C direct").cEcho()).isEmpty();
		assertThat(find(results, "xpipe 64 B length-crc32 ≥ 0.5× C packed").cEcho()).isEmpty();
	}

	@Test
	void theTargetTableShowsTheCEchoServicesFigureBesideTheVerdict() {
		Results results = sampleAtHalfOfCDirect(Workload.requestReply(64 * 1024, "lcrc"), 9e3);
		assertThat(ResultTable.render(Targets.evaluate(results)))
			.containsPattern("xpipe-sample request/reply 64 KiB length-crc32 ≥ 0\\.95× C direct +0\\.50× +NOT MET +C echo 0\\.45×")
			.containsPattern("xpipe 64 B length-crc32 ≥ 0\\.5× C packed +— +NOT MEASURED\\R");
	}

	@Test
	void arrayBytesCountsHeaderAndPadding() {
		assertThat(Targets.arrayBytes(64)).isEqualTo(80);
		assertThat(Targets.arrayBytes(1)).isEqualTo(24);
	}

	/** 64 B replies: the sample at 1M/s, C direct at 5M/s. */
	private static Results sampleAtAFifthOfCDirect(Workload small) {
		Results results = new Results();
		results.add(small, "xpipe-sample", throughput(1e6 * 64));
		results.add(small, "c-direct", throughput(5e6 * 64));
		return results;
	}

	/** 64 KiB replies: the sample at 10k/s, C direct at 20k/s, the C echo service at the rate given. */
	private static Results sampleAtHalfOfCDirect(Workload large, double cEchoPerSecond) {
		Results results = new Results();
		results.add(large, "xpipe-sample", throughput(10e3 * 65536));
		results.add(large, "c-direct", throughput(20e3 * 65536));
		results.add(large, "c-echo-atomic", throughput(cEchoPerSecond * 65536));
		return results;
	}

	private static Measurement throughput(double bytesPerSecond) {
		return new Measurement(bytesPerSecond / 64, bytesPerSecond, 0, 0, Map.of());
	}

	private static Targets.Check find(Results results, String name) {
		return Targets.evaluate(results).stream().filter((check) -> check.name().equals(name)).findFirst().orElseThrow();
	}

}
