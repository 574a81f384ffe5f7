package io.github.xpipe.listener;

import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

/**
 * A message decoded from a pipe. It holds the payload and what its headers are made of (the pipe's
 * name and charset, the time it was decoded); the {@link MessageHeaders} themselves are built the
 * first time they are asked for, so a listener that only takes the payload never pays for them.
 * The headers, once built, are those of {@link PipeMessageHeaders}; equal messages have equal
 * payloads and headers. It serializes as a {@link GenericMessage} with the same payload and headers.
 */
final class ReceivedPipeMessage implements Message<byte[]>, Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final byte[] payload;

	private final transient String pipeName;

	private final transient Charset charset;

	private final transient long receivedTimestamp;

	/**
	 * Built at most once per thread that asks; {@link PipeMessageHeaders} are immutable and only
	 * have final fields, so a racy read sees either {@code null} or complete headers.
	 */
	private transient @Nullable MessageHeaders headers;

	ReceivedPipeMessage(byte[] payload, String pipeName, Charset charset, long receivedTimestamp) {
		this.payload = payload;
		this.pipeName = pipeName;
		this.charset = charset;
		this.receivedTimestamp = receivedTimestamp;
	}

	@Override
	public byte[] getPayload() {
		return this.payload;
	}

	@Override
	public MessageHeaders getHeaders() {
		MessageHeaders built = this.headers;
		if (built == null) {
			built = new PipeMessageHeaders(this.pipeName, this.charset, this.receivedTimestamp);
			this.headers = built;
		}
		return built;
	}

	@Serial
	private Object writeReplace() {
		return new GenericMessage<>(this.payload, getHeaders());
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof ReceivedPipeMessage that && Arrays.equals(this.payload, that.payload)
				&& getHeaders().equals(that.getHeaders()));
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.payload) * 23 + getHeaders().hashCode();
	}

	@Override
	public String toString() {
		return "ReceivedPipeMessage [payload=byte[" + this.payload.length + "], headers=" + getHeaders() + "]";
	}

}
