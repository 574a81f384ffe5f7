package io.github.xpipe.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code RESULT key=value ...} line a peer process prints, parsed. */
public final class PeerResult {

	private final String peer;

	private final Map<String, String> values = new LinkedHashMap<>();

	PeerResult(String peer, String line) {
		this.peer = peer;
		for (String field : line.substring("RESULT".length()).trim().split("\\s+")) {
			int equals = field.indexOf('=');
			if (equals > 0) {
				this.values.put(field.substring(0, equals), field.substring(equals + 1));
			}
		}
	}

	public boolean has(String key) {
		return this.values.containsKey(key);
	}

	public String text(String key) {
		String value = this.values.get(key);
		if (value == null) {
			throw new IllegalStateException(this.peer + " reported no '" + key + "' in " + this.values);
		}
		return value;
	}

	public long number(String key) {
		return Long.parseLong(text(key));
	}

	@Override
	public String toString() {
		return this.peer + this.values;
	}

}
