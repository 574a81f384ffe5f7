package io.github.xpipe.test;

import java.nio.charset.Charset;
import java.util.Objects;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.pipe.PipeDirection;

/**
 * One pipe of the application under test, as a {@link PipeTestClient} reaches it.
 *
 * @param name the name the test uses for it (the application's declared name, or the bare name)
 * @param path the operating-system path, e.g. {@code /tmp/…/inbox} or {@code \\.\pipe\inbox}
 * @param direction which way messages flow <em>seen from the application</em>, as it declares the
 *        pipe: the client writes an {@link PipeDirection#INBOUND inbound} pipe and reads an
 *        {@link PipeDirection#OUTBOUND outbound} one
 * @param codec the framing both sides use
 * @param charset how {@code String} payloads are encoded
 */
public record PipeEndpoint(String name, String path, PipeDirection direction, FrameCodec codec, Charset charset) {

	public PipeEndpoint {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(path, "path must not be null");
		Objects.requireNonNull(direction, "direction must not be null");
		Objects.requireNonNull(codec, "codec must not be null");
		Objects.requireNonNull(charset, "charset must not be null");
	}

	/** How a person finds this pipe in a message: its name, direction and path. */
	String describe() {
		return "pipe '" + this.name + "' (" + this.direction.name().toLowerCase(java.util.Locale.ROOT) + ", "
				+ this.codec.framing().id() + ") at " + this.path;
	}

}
