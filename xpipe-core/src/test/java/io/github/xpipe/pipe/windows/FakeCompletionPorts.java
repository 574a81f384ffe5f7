package io.github.xpipe.pipe.windows;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The I/O completion ports of {@link RecordingWin32Pipes}: which handle queues its completions to
 * which port under which key, and the completions queued. Used under the fake's monitor.
 */
final class FakeCompletionPorts {

	/** Completions queued per port. */
	private final Map<Long, Deque<Long>> queues = new HashMap<>();

	/** The port and key each associated handle queues its completions to. */
	private final Map<Long, long[]> associations = new HashMap<>();

	void create(long port) {
		this.queues.put(port, new ArrayDeque<>());
	}

	boolean isPort(long handle) {
		return this.queues.containsKey(handle);
	}

	/** Associates a handle for life, as Windows does: a second association is a bug. */
	void associate(long handle, long port, long key) {
		if (!isPort(port)) {
			throw new AssertionError("associating handle " + handle + " with " + port + ", which is no open port");
		}
		if (this.associations.putIfAbsent(handle, new long[] { port, key }) != null) {
			throw new AssertionError("handle " + handle + " is associated with a completion port already");
		}
	}

	/** Queues a completion of an operation on {@code handle}, if it is associated with a port. */
	void completed(long handle) {
		long[] association = this.associations.get(handle);
		if (association != null) {
			this.queues.get(association[0]).add(association[1]);
		}
	}

	void post(long port, long key) {
		queue(port).add(key);
	}

	/** The next completion's key, or null when none is queued. */
	Long poll(long port) {
		return queue(port).poll();
	}

	/** Forgets a closed handle: a port with its queue, or a handle with its association. */
	boolean closed(long handle) {
		this.associations.remove(handle);
		return this.queues.remove(handle) != null;
	}

	private Deque<Long> queue(long port) {
		Deque<Long> queue = this.queues.get(port);
		if (queue == null) {
			throw new AssertionError(port + " is no open completion port");
		}
		return queue;
	}

}
