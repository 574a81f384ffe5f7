package io.github.xpipe.support;

/**
 * Names of the message headers xpipe sets on every message a listener receives, for use with
 * {@link org.springframework.messaging.handler.annotation.Header @Header}.
 */
public final class XPipeHeaders {

	/** Prefix of every xpipe header. */
	public static final String PREFIX = "xpipe_";

	/** The name of the pipe the message arrived on ({@code String}). */
	public static final String PIPE = PREFIX + "pipe";

	/**
	 * When the message was received: when the read that carried it returned, in milliseconds since
	 * the epoch ({@code Long}); the messages of one read share it.
	 */
	public static final String RECEIVED_TIMESTAMP = PREFIX + "receivedTimestamp";

	/**
	 * The pipe's configured charset ({@link java.nio.charset.Charset}), used to turn the payload into
	 * a {@code String} argument, or a {@code String} into bytes when sending.
	 */
	public static final String CHARSET = PREFIX + "charset";

	private XPipeHeaders() {
	}

}
