package io.github.xpipe.hardening;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.annotation.PipeListener;
import org.jspecify.annotations.Nullable;

/**
 * The listener of the in-process listening application: records every message it is given (who
 * sent it, in arrival order, and whether it arrived intact), optionally waits for a permit before
 * each message (a gated listener), takes time over each (a slow one) or throws on every n-th one.
 */
public class Inbox {

	private final ConcurrentLinkedQueue<Payloads.Id> received = new ConcurrentLinkedQueue<>();

	private final AtomicInteger corrupt = new AtomicInteger();

	private final AtomicInteger invocations = new AtomicInteger();

	private volatile @Nullable Semaphore gate;

	private volatile int throwEvery;

	private volatile long delayMillis;

	private volatile @Nullable PrintStream printer;

	@PipeListener(value = "in", id = "in", errorHandler = "recordingErrorHandler",
			concurrency = "${hardening.concurrency:1}")
	public void receive(byte[] payload) throws InterruptedException {
		Semaphore permits = this.gate;
		if (permits != null) {
			permits.acquire();
		}
		if (this.delayMillis > 0) {
			// a listener that takes time over each message, so that writers fill the pipe
			Thread.sleep(this.delayMillis);
		}
		int n = this.invocations.incrementAndGet();
		if (this.throwEvery > 0 && n % this.throwEvery == 0) {
			throw new IllegalStateException("listener fails on message " + n + " by design");
		}
		Payloads.Id id = Payloads.parse(payload);
		if (id == null) {
			this.corrupt.incrementAndGet();
		}
		else {
			this.received.add(id);
		}
		PrintStream out = this.printer;
		if (out != null) {
			synchronized (out) {
				out.println((id != null) ? "recv " + id.writer() + " " + id.seq() : "corrupt");
				out.flush();
			}
		}
	}

	/** Also prints {@code recv <writer> <seq>} (or {@code corrupt}) for each message. */
	void printTo(PrintStream out) {
		this.printer = out;
	}

	/** Makes each message wait for a permit of {@code permits}. */
	void gate(Semaphore permits) {
		this.gate = permits;
	}

	/** Makes each message take {@code millis} to handle. */
	void delay(long millis) {
		this.delayMillis = millis;
	}

	/** Makes every {@code n}-th invocation throw. */
	void throwEvery(int n) {
		this.throwEvery = n;
	}

	/** Intact messages handled without an exception. */
	int count() {
		return this.received.size();
	}

	int corrupt() {
		return this.corrupt.get();
	}

	List<Payloads.Id> received() {
		return new ArrayList<>(this.received);
	}

	/** The sequence numbers received from each writer, in arrival order. */
	Map<Integer, List<Integer>> byWriter() {
		Map<Integer, List<Integer>> result = new ConcurrentHashMap<>();
		for (Payloads.Id id : this.received) {
			result.computeIfAbsent(id.writer(), (w) -> new ArrayList<>()).add(id.seq());
		}
		return result;
	}

}
