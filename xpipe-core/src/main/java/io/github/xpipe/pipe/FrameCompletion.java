package io.github.xpipe.pipe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Tells the senders whose frames one write carried how it went: senders blocked in
 * {@link WritePipeEnd#write} look at {@link #isDone()} when woken, and the futures of
 * {@link WritePipeEnd#writeAsync} sends are completed. Guarded by the lock of the
 * {@link CoalescingWriter}; the futures are completed after that lock is released, so that what
 * depends on them may send again.
 */
final class FrameCompletion {

	private boolean done;

	private @Nullable IOException failure;

	private @Nullable List<CompletableFuture<Void>> futures;

	/** A future for one more asynchronous sender whose frame this write carries. */
	CompletableFuture<Void> newFuture() {
		List<CompletableFuture<Void>> current = this.futures;
		if (current == null) {
			current = new ArrayList<>();
			this.futures = current;
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		current.add(future);
		return future;
	}

	boolean isDone() {
		return this.done;
	}

	/**
	 * Waits, on the condition the writer signals whenever a write ends, until the write is done;
	 * throws its failure. Lock held.
	 */
	void await(Condition progress) throws IOException {
		while (!this.done) {
			progress.awaitUninterruptibly();
		}
		if (this.failure != null) {
			throw this.failure;
		}
	}

	/**
	 * Marks the write done (the failure already phrased for its senders) and returns the futures to
	 * complete, with {@link #completeFutures}, once the lock is released.
	 */
	@Nullable List<CompletableFuture<Void>> complete(@Nullable IOException failure) {
		this.done = true;
		this.failure = failure;
		List<CompletableFuture<Void>> taken = this.futures;
		this.futures = null;
		return taken;
	}

	/** Completes futures taken by {@link #complete} with the lock, which the caller holds, released meanwhile. */
	static void completeOutside(ReentrantLock lock, @Nullable List<CompletableFuture<Void>> futures,
			@Nullable IOException failure) {
		if (futures == null) {
			return;
		}
		lock.unlock();
		try {
			completeFutures(futures, failure);
		}
		finally {
			lock.lock();
		}
	}

	/** Completes futures taken by {@link #complete}; called without the lock. */
	static void completeFutures(@Nullable List<CompletableFuture<Void>> futures, @Nullable IOException failure) {
		if (futures == null) {
			return;
		}
		for (CompletableFuture<Void> future : futures) {
			if (failure == null) {
				future.complete(null);
			}
			else {
				future.completeExceptionally(failure);
			}
		}
	}

}
