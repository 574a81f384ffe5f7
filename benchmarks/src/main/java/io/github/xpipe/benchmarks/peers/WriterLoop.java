package io.github.xpipe.benchmarks.peers;

/**
 * The sending loop every Java writer peer shares: stamps and sends messages for a duration (or an
 * exact count), then the empty terminator, and returns the line the peer prints for the harness.
 */
public final class WriterLoop {

	/** Sends one message; the loop reuses the array unless told to send fresh ones. */
	@FunctionalInterface
	public interface Sender {

		void send(byte[] payload) throws Exception;

	}

	private WriterLoop() {
	}

	/**
	 * @param size payload size in bytes
	 * @param durationMillis how long to send when {@code count} is 0
	 * @param count exact number of messages, or 0 to send for {@code durationMillis}
	 * @param verify whether the checksum includes each payload's CRC-32
	 * @param freshPayloads whether each message needs its own array (for asynchronous senders)
	 */
	public static String run(int size, long durationMillis, long count, boolean verify, boolean freshPayloads,
			Sender sender) throws Exception {
		byte[] template = Payloads.pattern(size);
		long deadline = System.nanoTime() + durationMillis * 1_000_000L;
		int checkEvery = (size >= 1024) ? 1 : 64;
		long allocatedBefore = MemoryProbe.allocatedBytes();
		long sent = 0;
		long checksum = 0;
		while ((count > 0) ? sent < count : (sent % checkEvery != 0 || System.nanoTime() < deadline)) {
			byte[] payload = freshPayloads ? template.clone() : template;
			Payloads.stamp(payload, sent);
			checksum += Payloads.checksum(payload, verify);
			sender.send(payload);
			sent++;
		}
		sender.send(new byte[0]);
		long allocated = MemoryProbe.allocatedBytes() - allocatedBefore;
		return "RESULT messages=" + sent + " bytes=" + (sent * size) + " checksum=" + Payloads.format(checksum)
				+ " alloc_per_message=" + ((sent > 0) ? allocated / sent : 0) + " peak_heap=" + MemoryProbe.peakHeapBytes();
	}

}
