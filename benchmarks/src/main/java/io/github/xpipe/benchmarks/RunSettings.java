package io.github.xpipe.benchmarks;

/**
 * How long or how much each run sends.
 *
 * @param durationMillis how long a writer sends (timed runs)
 * @param warmupMillis the first stretch of a run that is not measured
 * @param messageCount exact messages per run instead of a duration (0: timed); used by the smoke
 * @param verify whether peers checksum every payload byte (CRC-32) rather than sequence and length
 * @param pinCpus whether ping-pong peers are pinned to two different CPUs with {@code taskset}
 * @param enduranceMessages messages of the heap-flatness run (0: skip it)
 */
public record RunSettings(long durationMillis, long warmupMillis, long messageCount, boolean verify, boolean pinCpus,
		long enduranceMessages) {

	/**
	 * These settings with {@code millis} more warm-up and as much more sending, for timed runs; count
	 * runs (the smoke) are returned unchanged.
	 */
	public RunSettings withExtraWarmup(long millis) {
		if (this.messageCount > 0) {
			return this;
		}
		return new RunSettings(this.durationMillis + millis, this.warmupMillis + millis, this.messageCount, this.verify,
				this.pinCpus, this.enduranceMessages);
	}

	/** The count for a given payload size: large payloads send fewer messages in count mode. */
	public long countFor(int payloadSize) {
		if (this.messageCount == 0) {
			return 0;
		}
		return Math.max(4, Math.min(this.messageCount, (8L * 1024 * 1024) / Math.max(1, payloadSize)));
	}

}
