package io.github.xpipe.hardening;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code python3} process that uses a FIFO exactly as the python-xp-named-pipe library does on
 * Linux ({@code src/test/resources/python/xp_named_pipe_peer.py}): a new FIFO for every message,
 * made and removed by the peer, blocking opens, one read or write per message, base64 datagrams.
 */
final class XpNamedPipePeer {

	private XpNamedPipePeer() {
	}

	/** One use that sends nothing: makes the FIFO, prints {@code created}, and removes it once told to on stdin. */
	static ChildProcess idleUse(Path path) {
		return ChildProcess.start("xp-named-pipe-idle-use", List.of("python3", script().toString(), "use",
				path.toString()));
	}

	/** Sends {@code count} messages {@code w5:<i>:}, each through a FIFO of its own at {@code path}. */
	static ChildProcess sender(Path path, int count) {
		return ChildProcess.start("xp-named-pipe-sender", List.of("python3", script().toString(), "send", path.toString(),
				Integer.toString(count)));
	}

	/** Receives {@code count} messages, each use through a FIFO of its own at {@code path}. */
	static ChildProcess receiver(Path path, int count) {
		return ChildProcess.start("xp-named-pipe-receiver", List.of("python3", script().toString(), "receive",
				path.toString(), Integer.toString(count)));
	}

	private static Path script() {
		URL url = XpNamedPipePeer.class.getResource("/python/xp_named_pipe_peer.py");
		assertThat(url).as("xp_named_pipe_peer.py on the test class path").isNotNull();
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
