package io.github.xpipe.benchmarks.peers;

/**
 * What a reading peer counts: messages, payload bytes and the checksum, and the measured window,
 * which opens {@code warmupNanos} after the first message arrived (at once when 0) and closes with
 * the last one. Call
 * {@link #onMessage} for each payload (the empty terminator ends the stream) and {@link #afterRead}
 * after each batch; everything is read back through {@link #result()} once {@link #isDone()}.
 *
 * <p>Not thread-safe: one thread delivers; publish to another through a happens-before edge.
 */
public final class ReaderStats {

	private final boolean verify;

	private final long warmupNanos;

	private final long heapSampleAt;

	private long messages;

	private long bytes;

	private long checksum;

	private long errors;

	private long first;

	private long warmAt;

	private long warmMessages;

	private long last;

	private long messagesAtLast;

	private long allocatedAtWarm = -1;

	private long allocatedAtEnd;

	private long heapAtSample = -1;

	private boolean done;

	/**
	 * @param verify whether the checksum includes each payload's CRC-32
	 * @param warmupNanos how long after the first message the measured window opens
	 * @param heapSampleAt after how many messages to record the heap used after a full GC (0: never)
	 */
	public ReaderStats(boolean verify, long warmupNanos, long heapSampleAt) {
		this.verify = verify;
		this.warmupNanos = warmupNanos;
		this.heapSampleAt = heapSampleAt;
	}

	/** Counts one message; an empty payload is the writer's terminator and ends the stream. */
	public void onMessage(byte[] payload) {
		if (payload.length == 0) {
			finish();
			return;
		}
		if (this.first == 0) {
			this.first = System.nanoTime();
			if (this.warmupNanos == 0) {
				this.allocatedAtWarm = MemoryProbe.allocatedBytes();
			}
		}
		this.messages++;
		this.bytes += payload.length;
		this.checksum += Payloads.checksum(payload, this.verify);
		if (this.messages == this.heapSampleAt) {
			this.heapAtSample = MemoryProbe.heapAfterGc();
		}
	}

	/**
	 * Counts a message handed to a listener one at a time, which sees no read boundaries: the time
	 * is recorded as {@link #afterRead} does after the first message, each one of 1 KiB or more and
	 * every 64th.
	 * @return whether the stream ended with it (the terminator)
	 */
	public boolean onListenerMessage(byte[] payload) {
		onMessage(payload);
		if (this.done) {
			return true;
		}
		if (this.messages == 1 || payload.length >= 1024 || (this.messages & 63) == 0) {
			afterRead();
		}
		return false;
	}

	/** Counts a frame the reader rejected. */
	public void onError() {
		this.errors++;
	}

	/**
	 * Records the time after a batch of messages: opens the measured window once warm, and moves its
	 * end. A batch without new messages (say, the terminator alone) moves nothing.
	 */
	public void afterRead() {
		if (this.messages == this.messagesAtLast) {
			return;
		}
		this.messagesAtLast = this.messages;
		long now = System.nanoTime();
		if (this.first == 0) {
			this.first = now;
		}
		if (this.warmAt == 0 && this.warmupNanos > 0 && now - this.first >= this.warmupNanos) {
			this.warmAt = now;
			this.warmMessages = this.messages;
			this.allocatedAtWarm = MemoryProbe.allocatedBytes();
		}
		this.last = now;
	}

	/** Ends the stream (terminator or end of input), closing the measured window. */
	public void finish() {
		if (!this.done) {
			this.done = true;
			afterRead();
			this.allocatedAtEnd = MemoryProbe.allocatedBytes();
		}
	}

	public boolean isDone() {
		return this.done;
	}

	public long messages() {
		return this.messages;
	}

	/** The line this peer prints for the harness. */
	public String result() {
		boolean warm = this.warmAt != 0 && this.messages > this.warmMessages;
		long start = warm ? this.warmAt : this.first;
		long measured = this.messages - (warm ? this.warmMessages : 0);
		StringBuilder line = new StringBuilder("RESULT");
		line.append(" messages=").append(this.messages);
		line.append(" bytes=").append(this.bytes);
		line.append(" checksum=").append(Payloads.format(this.checksum));
		line.append(" measured_messages=").append(measured);
		line.append(" measured_nanos=").append(this.last - start);
		line.append(" errors=").append(this.errors);
		line.append(" warm=").append(warm ? 1 : 0);
		if (this.allocatedAtWarm >= 0 && measured > 0 && (warm || this.warmupNanos == 0)) {
			line.append(" alloc_per_message=").append((this.allocatedAtEnd - this.allocatedAtWarm) / measured);
		}
		line.append(" peak_heap=").append(MemoryProbe.peakHeapBytes());
		line.append(" gc_count=").append(MemoryProbe.gcCount());
		if (this.heapAtSample >= 0) {
			line.append(" heap_after_gc_sample=").append(this.heapAtSample);
			line.append(" heap_after_gc_end=").append(MemoryProbe.heapAfterGc());
		}
		return line.toString();
	}

}
