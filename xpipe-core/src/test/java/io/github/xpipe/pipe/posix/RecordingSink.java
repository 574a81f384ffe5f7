package io.github.xpipe.pipe.posix;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.pipe.spi.InputSink;

/** Records what a {@link io.github.xpipe.pipe.spi.PipeInput} reports: events in order, bytes per connection. */
final class RecordingSink implements InputSink {

	private final List<String> events = new ArrayList<>();

	private final Map<Long, ByteArrayOutputStream> bytes = new ConcurrentHashMap<>();

	private final List<Long> mayStartMidFrame = new ArrayList<>();

	private volatile boolean betweenFrames;

	@Override
	public synchronized void onConnected(long connectionId) {
		this.events.add("connected " + connectionId);
	}

	@Override
	public synchronized void onConnected(long connectionId, boolean mayStartMidFrame) {
		onConnected(connectionId);
		if (mayStartMidFrame) {
			this.mayStartMidFrame.add(connectionId);
		}
	}

	/** What {@link #isBetweenFrames} answers from now on. */
	void betweenFrames(boolean betweenFrames) {
		this.betweenFrames = betweenFrames;
	}

	@Override
	public boolean isBetweenFrames(long connectionId) {
		return this.betweenFrames;
	}

	/** The connections reported as possibly starting in the middle of a frame. */
	synchronized List<Long> mayStartMidFrame() {
		return List.copyOf(this.mayStartMidFrame);
	}

	@Override
	public synchronized void onData(long connectionId, ByteBuffer data) {
		byte[] copy = new byte[data.remaining()];
		data.get(copy);
		this.bytes.computeIfAbsent(connectionId, (id) -> new ByteArrayOutputStream()).writeBytes(copy);
	}

	@Override
	public synchronized void onDisconnected(long connectionId) {
		this.events.add("disconnected " + connectionId);
	}

	synchronized List<String> events() {
		return List.copyOf(this.events);
	}

	/** The bytes of every connection, in connection order. */
	synchronized String text() {
		StringBuilder text = new StringBuilder();
		this.bytes.keySet().stream().sorted().forEach((id) -> text.append(new String(bytes(id),
				java.nio.charset.StandardCharsets.UTF_8)));
		return text.toString();
	}

	synchronized byte[] bytes(long connectionId) {
		ByteArrayOutputStream received = this.bytes.get(connectionId);
		return (received != null) ? received.toByteArray() : new byte[0];
	}

}
