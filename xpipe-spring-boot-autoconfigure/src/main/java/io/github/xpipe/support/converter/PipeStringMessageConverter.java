package io.github.xpipe.support.converter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
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
 *
 * <p>Encoding is strict: a {@code String} with a character the charset cannot encode (e.g. {@code é}
 * in US-ASCII) fails with an {@link UnencodableStringException} instead of being sent with a
 * replacement character. The UTF charsets encode every character, and take the fast path.
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
		String text = (String) payload;
		Charset charset = charsetOf(headers);
		if (charset.name().startsWith("UTF-")) {
			return text.getBytes(charset);
		}
		CharsetEncoder encoder = charset.newEncoder();
		try {
			ByteBuffer encoded = encoder.encode(CharBuffer.wrap(text));
			byte[] bytes = new byte[encoded.remaining()];
			encoded.get(bytes);
			return bytes;
		}
		catch (CharacterCodingException ex) {
			Object pipe = (headers != null) ? headers.get(XPipeHeaders.PIPE) : null;
			throw new UnencodableStringException((pipe != null) ? pipe.toString() : "", charset, text,
					firstUnencodable(text, charset.newEncoder()));
		}
	}

	private static int firstUnencodable(String text, CharsetEncoder encoder) {
		for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
			int end = i + Character.charCount(text.codePointAt(i));
			if (!encoder.canEncode(text.subSequence(i, end))) {
				return i;
			}
		}
		return 0;
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
