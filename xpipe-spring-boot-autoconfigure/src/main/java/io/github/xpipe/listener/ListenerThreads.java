package io.github.xpipe.listener;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The executors of one run of a listener container: the one its reading thread runs on and the one
 * its listener runs on. Both are the task executor of the container properties when one is set;
 * else new platform threads {@code xpipe-<pipe>-<n>}, and with virtual threads on the listener runs
 * on new virtual threads {@code xpipe-<pipe>-listener-<n>} while the reading thread, which blocks in
 * native reads that would pin a carrier, stays a platform thread.
 *
 * @param reader the executor of the reading thread
 * @param listener the executor of the listener threads; the same as {@code reader} when the listener
 * runs on the threads the reader runs on
 */
record ListenerThreads(AsyncTaskExecutor reader, AsyncTaskExecutor listener) {

	static ListenerThreads of(String pipeName, PipeContainerProperties properties) {
		AsyncTaskExecutor executor = properties.getTaskExecutor();
		if (executor != null) {
			return new ListenerThreads(executor, executor);
		}
		String prefix = "xpipe-" + pipeName + "-";
		SimpleAsyncTaskExecutor platformThreads = new SimpleAsyncTaskExecutor(prefix);
		if (!properties.isVirtualThreads()) {
			return new ListenerThreads(platformThreads, platformThreads);
		}
		SimpleAsyncTaskExecutor virtualThreads = new SimpleAsyncTaskExecutor(prefix + "listener-");
		virtualThreads.setVirtualThreads(true);
		return new ListenerThreads(platformThreads, virtualThreads);
	}

	/**
	 * Whether the reading thread hands messages to listener threads through a queue: when the
	 * concurrency is above 1 or the listener has an executor of its own.
	 */
	boolean handOff(int concurrency) {
		return concurrency > 1 || this.listener != this.reader;
	}

}
