package io.github.xpipe.core;

import java.nio.charset.Charset;
import java.time.Duration;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;

/**
 * Everything that describes one declared pipe, typically bound from {@code xpipe.pipes.<name>}.
 *
 * @param name the declared name, the key listeners and the template use
 * @param nameOrPath the bare name (resolved in the base directory) or the explicit path of the OS pipe
 * @param direction which end this application uses
 * @param create whether this application creates the OS pipe at start and removes it at stop
 * @param codec the framing of messages on the pipe
 * @param charset how {@code String} payloads are encoded
 * @param connectTimeout how long opening an end may wait for the other side
 * @param options how the OS pipe is created and opened
 * @param sendMode how sends to an outbound pipe reach the operating system
 */
public record PipeDefinition(String name, String nameOrPath, PipeDirection direction, boolean create,
		FrameCodec codec, Charset charset, Duration connectTimeout, PipeOptions options, SendMode sendMode) {

	/** A definition whose sends are {@link SendMode#DIRECT direct}. */
	public PipeDefinition(String name, String nameOrPath, PipeDirection direction, boolean create, FrameCodec codec,
			Charset charset, Duration connectTimeout, PipeOptions options) {
		this(name, nameOrPath, direction, create, codec, charset, connectTimeout, options, SendMode.DIRECT);
	}

}
