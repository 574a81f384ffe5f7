package io.github.xpipe.test;

/**
 * Turns the objects a test sends into payload bytes, and received payloads into the types a test
 * asks for. {@link #plain()} knows {@code byte[]} and {@code String}; the Spring integration plugs in
 * the application's own message converter (JSON with Jackson, say), so that a test sends what the
 * application's template would.
 */
public interface PayloadConverter {

	/**
	 * The bytes of one message to send to {@code pipe}.
	 * @throws IllegalArgumentException when this converter cannot convert the payload
	 */
	byte[] toBytes(Object payload, PipeEndpoint pipe);

	/**
	 * One received payload as the given type.
	 * @throws IllegalArgumentException when this converter cannot produce that type from the payload
	 */
	<T> T fromBytes(byte[] payload, Class<T> type, PipeEndpoint pipe);

	/** {@code byte[]} as is, {@code String} in the pipe's charset, nothing else. */
	static PayloadConverter plain() {
		return PlainPayloadConverter.INSTANCE;
	}

}
