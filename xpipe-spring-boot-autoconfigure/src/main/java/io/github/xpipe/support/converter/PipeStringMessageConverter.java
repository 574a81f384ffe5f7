package io.github.xpipe.support.converter;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import io.github.xpipe.support.XPipeHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.util.MimeTypeUtils;

/**
 * Converts between {@code byte[]} payloads and {@code String}s with the charset of the pipe, taken
 * from the {@link XPipeHeaders#CHARSET} header (UTF-8 when absent).
 */
public class PipeStringMessageConverter extends AbstractMessageConverter {

	private final Charset defaultCharset;

	/** A converter that falls back to UTF-8. */
	public PipeStringMessageConverter() {
		this(StandardCharsets.UTF_8);
	}

	/** A converter that falls back to the given charset when a message carries none. */
	public PipeStringMessageConverter(Charset defaultCharset) {
		super(MimeTypeUtils.TEXT_PLAIN);
		this.defaultCharset = defaultCharset;
	}

	@Override
	protected boolean supports(Class<?> clazz) {
		return String.class == clazz;
	}

	@Override
	protected Object convertFromInternal(Message<?> message, Class<?> targetClass, @Nullable Object conversionHint) {
		Object payload = message.getPayload();
		return (payload instanceof byte[] bytes) ? new String(bytes, charsetOf(message.getHeaders())) : payload;
	}

	@Override
	protected Object convertToInternal(Object payload, @Nullable MessageHeaders headers,
			@Nullable Object conversionHint) {
		return ((String) payload).getBytes(charsetOf(headers));
	}

	private Charset charsetOf(@Nullable MessageHeaders headers) {
		Object charset = (headers != null) ? headers.get(XPipeHeaders.CHARSET) : null;
		if (charset instanceof Charset value) {
			return value;
		}
		if (charset instanceof String name) {
			return Charset.forName(name);
		}
		return this.defaultCharset;
	}

}
