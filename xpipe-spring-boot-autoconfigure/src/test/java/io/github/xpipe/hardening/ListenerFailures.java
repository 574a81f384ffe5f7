package io.github.xpipe.hardening;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;

/** Counts every listener failure and rejected frame per pipe, as metrics do: the log may leave some out, this never. */
public class ListenerFailures implements PipeContainerListener {

	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	@Override
	public void listenerFailed(PipeListenerFailedException exception) {
		this.failures.computeIfAbsent(exception.getPipeName(), (pipe) -> new AtomicLong()).incrementAndGet();
	}

	/** Failures and rejected frames on {@code pipe} so far. */
	long on(String pipe) {
		AtomicLong count = this.failures.get(pipe);
		return (count != null) ? count.get() : 0;
	}

}
