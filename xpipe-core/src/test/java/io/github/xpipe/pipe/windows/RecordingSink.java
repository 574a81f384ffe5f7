package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.pipe.spi.InputSink;

/** An {@link InputSink} recording what it is told as {@code connected 1}, {@code data 1 hello}, {@code disconnected 1}. */
final class RecordingSink implements InputSink {

	final List<String> events = new CopyOnWriteArrayList<>();

	@Override
	public void onConnected(long connectionId) {
		this.events.add("connected " + connectionId);
	}

	@Override
	public void onData(long connectionId, ByteBuffer data) {
		byte[] bytes = new byte[data.remaining()];
		data.get(bytes);
		this.events.add("data " + connectionId + " " + new String(bytes, StandardCharsets.ISO_8859_1));
	}

	@Override
	public void onDisconnected(long connectionId) {
		this.events.add("disconnected " + connectionId);
	}

}
