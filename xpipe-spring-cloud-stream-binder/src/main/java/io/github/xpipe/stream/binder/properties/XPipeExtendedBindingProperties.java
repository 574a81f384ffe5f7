package io.github.xpipe.stream.binder.properties;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The xpipe settings of the bindings, {@code spring.cloud.stream.xpipe.bindings.<binding>.consumer|producer.*},
 * with the defaults of every binding under {@code spring.cloud.stream.xpipe.default.consumer|producer.*}:
 * <pre>
 * spring.cloud.stream:
 *   bindings:
 *     uppercase-in-0.destination: words
 *     uppercase-out-0.destination: shouts
 *   xpipe:
 *     default.consumer.framing: base64
 *     bindings:
 *       uppercase-out-0.producer:
 *         byte-order: big-endian
 *         crc: false
 * </pre>
 */
@ConfigurationProperties("spring.cloud.stream.xpipe")
public class XPipeExtendedBindingProperties extends
		AbstractExtendedBindingProperties<XPipeConsumerProperties, XPipeProducerProperties, XPipeBindingProperties> {

	/** Where the defaults of every binding are. */
	public static final String DEFAULTS_PREFIX = "spring.cloud.stream.xpipe.default";

	@Override
	public String getDefaultsPrefix() {
		return DEFAULTS_PREFIX;
	}

	/** The settings by binding name. */
	public Map<String, XPipeBindingProperties> getBindings() {
		return doGetBindings();
	}

	@Override
	public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass() {
		return XPipeBindingProperties.class;
	}

}
