package io.github.xpipe.support.converter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MessageConverter;

/**
 * The message converter of xpipe: turns received {@code byte[]} payloads into listener arguments
 * and objects given to {@link io.github.xpipe.core.XPipeOperations#convertAndSend} into bytes. It
 * tries its delegates in order; the first that handles the target type wins.
 *
 * <p>Declare a bean of this type to replace the auto-configured one.
 */
public class XPipeMessageConverter extends CompositeMessageConverter {

	/** A converter with exactly these delegates, tried in order. */
	public XPipeMessageConverter(Collection<MessageConverter> converters) {
		super(converters);
	}

	/**
	 * The default delegates: {@code byte[]} as is, {@code String} in the pipe's charset, then any
	 * other type through {@code objectConverter} (typically Jackson JSON), if given.
	 */
	public static XPipeMessageConverter withDefaults(@Nullable MessageConverter objectConverter) {
		List<MessageConverter> converters = new ArrayList<>();
		converters.add(new ByteArrayMessageConverter());
		converters.add(new PipeStringMessageConverter());
		if (objectConverter != null) {
			converters.add(objectConverter);
		}
		return new XPipeMessageConverter(converters);
	}

}
