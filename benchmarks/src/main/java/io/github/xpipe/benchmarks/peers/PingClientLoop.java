package io.github.xpipe.benchmarks.peers;

import java.util.Arrays;

/**
 * The round-trip loop every Java ping-pong client shares: sends a 64-byte message, waits for the
 * echo, and records the round trip once warm; ends with the empty terminator and reports p50 and
 * p99 for the harness.
 */
public final class PingClientLoop {

	/** Sends one message and returns the echoed payload. */
	@FunctionalInterface
	public interface Exchange {

		byte[] roundTrip(byte[] payload) throws Exception;

	}

	private static final int PAYLOAD_SIZE = 64;

	private PingClientLoop() {
	}

	/**
	 * @param durationMillis how long to run when {@code count} is 0
	 * @param warmupMillis round trips in this first stretch are not recorded
	 * @param count exact number of round trips (all recorded), or 0 to run for {@code durationMillis}
	 */
	public static String run(long durationMillis, long warmupMillis, long count, Exchange exchange) throws Exception {
		long start = System.nanoTime();
		long warmUntil = start + warmupMillis * 1_000_000L;
		long deadline = start + durationMillis * 1_000_000L;
		long[] roundTrips = new long[1 << 20];
		int measured = 0;
		byte[] payload = Payloads.pattern(PAYLOAD_SIZE);
		long sequence = 0;
		long checksum = 0;
		while (true) {
			long t0 = System.nanoTime();
			if ((count > 0) ? sequence >= count : t0 >= deadline) {
				break;
			}
			Payloads.stamp(payload, sequence);
			byte[] reply = exchange.roundTrip(payload);
			long t1 = System.nanoTime();
			if (reply.length != PAYLOAD_SIZE || Payloads.sequenceOf(reply) != sequence) {
				throw new IllegalStateException("Wrong echo for message " + sequence);
			}
			checksum += Payloads.checksum(reply, true);
			if ((count > 0 || t0 >= warmUntil) && measured < roundTrips.length) {
				roundTrips[measured++] = t1 - t0;
			}
			sequence++;
		}
		exchange.roundTrip(new byte[0]);
		long[] sorted = Arrays.copyOf(roundTrips, measured);
		Arrays.sort(sorted);
		long p50 = (measured > 0) ? sorted[measured / 2] : 0;
		long p99 = (measured > 0) ? sorted[(int) (measured * 0.99)] : 0;
		return "RESULT messages=" + sequence + " checksum=" + Payloads.format(checksum) + " measured_messages=" + measured
				+ " p50_nanos=" + p50 + " p99_nanos=" + p99 + " peak_heap=" + MemoryProbe.peakHeapBytes();
	}

}
