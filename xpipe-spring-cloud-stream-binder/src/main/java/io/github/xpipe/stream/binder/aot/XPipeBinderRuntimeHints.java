package io.github.xpipe.stream.binder.aot;

import io.github.xpipe.stream.binder.properties.XPipeBindingProperties;
import io.github.xpipe.stream.binder.properties.XPipeConsumerProperties;
import io.github.xpipe.stream.binder.properties.XPipeExtendedBindingProperties;
import io.github.xpipe.stream.binder.properties.XPipeProducerProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * The {@link RuntimeHintsRegistrar} of the xpipe binder, registered in
 * {@code META-INF/spring/aot.factories}: what a native image needs to bind
 * {@code spring.cloud.stream.xpipe.bindings.<binding>.consumer|producer.*} and
 * {@code spring.cloud.stream.xpipe.default.*}.
 *
 * <p>Spring Boot registers hints for the {@code @ConfigurationProperties} beans it finds, and for
 * the types it reaches from them only when they are nested classes or marked as nested. The
 * settings of each binding are not reached that way: Spring Cloud Stream creates them when it binds,
 * by reflection on {@link XPipeExtendedBindingProperties#getExtendedPropertiesEntryClass()}, and
 * binds the consumer's and producer's settings ({@link XPipeConsumerProperties},
 * {@link XPipeProducerProperties}) into them. Without these hints a native image would leave
 * settings such as {@code producer.sync} unbound, at their defaults, without a word. Spring Cloud
 * Stream's Kafka binder registers hints for its binding settings likewise.
 */
public class XPipeBinderRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar
			.forTypes(XPipeExtendedBindingProperties.class, XPipeBindingProperties.class, XPipeConsumerProperties.class,
					XPipeProducerProperties.class)
			.registerHints(hints, classLoader);
	}

}
