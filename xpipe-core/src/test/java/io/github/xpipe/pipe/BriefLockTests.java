package io.github.xpipe.pipe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link BriefLock}: whether its holder lets go at once or only much later, a thread that asks for
 * it gets it, and never while another holds it.
 */
class BriefLockTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stopExecutor() {
		this.executor.shutdownNow();
	}

	@Test
	void isReentrantAndFreeOnceEveryHoldIsReleased() {
		BriefLock lock = new BriefLock();
		lock.lock();
		lock.lock();
		assertThat(lock.getHoldCount()).isEqualTo(2);
		lock.unlock();
		lock.unlock();
		assertThat(lock.isLocked()).isFalse();
	}

	@Test
	void aThreadThatSpunInVainParksAndGetsTheLockWhenItIsReleased() throws Exception {
		BriefLock lock = new BriefLock();
		lock.lock();
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
			lock.lock();
			try {
				return lock.isHeldByCurrentThread();
			}
			finally {
				lock.unlock();
			}
		}, this.executor);
		await().atMost(WAIT).until(lock::hasQueuedThreads);
		assertThat(waiter).isNotDone();
		lock.unlock();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void twoThreadsNeverHoldItTogether() throws Exception {
		BriefLock lock = new BriefLock();
		int[] counter = new int[1];
		boolean[] held = new boolean[1];
		int rounds = 200_000;
		CountDownLatch start = new CountDownLatch(1);
		Runnable increment = () -> {
			try {
				start.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			for (int i = 0; i < rounds; i++) {
				lock.lock();
				try {
					assertThat(held[0]).isFalse();
					held[0] = true;
					counter[0]++;
					held[0] = false;
				}
				finally {
					lock.unlock();
				}
			}
		};
		CompletableFuture<Void> first = CompletableFuture.runAsync(increment, this.executor);
		CompletableFuture<Void> second = CompletableFuture.runAsync(increment, this.executor);
		start.countDown();
		CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
		lock.lock();
		try {
			assertThat(counter[0]).isEqualTo(2 * rounds);
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void conditionsWaitAndWakeAsWithAReentrantLock() throws Exception {
		BriefLock lock = new BriefLock();
		Condition signalled = lock.newCondition();
		boolean[] ready = new boolean[1];
		CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
			lock.lock();
			try {
				while (!ready[0]) {
					signalled.awaitUninterruptibly();
				}
			}
			finally {
				lock.unlock();
			}
		}, this.executor);
		await().atMost(WAIT).until(() -> {
			lock.lock();
			try {
				return lock.hasWaiters(signalled);
			}
			finally {
				lock.unlock();
			}
		});
		lock.lock();
		try {
			ready[0] = true;
			signalled.signalAll();
		}
		finally {
			lock.unlock();
		}
		waiter.get(10, TimeUnit.SECONDS);
	}

}
