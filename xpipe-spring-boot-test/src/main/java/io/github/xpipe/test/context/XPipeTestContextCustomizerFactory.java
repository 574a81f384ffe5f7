package io.github.xpipe.test.context;

import java.util.List;

import io.github.xpipe.test.XPipeTest;
import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Customizes the application context of every Spring test marked {@link XPipeTest @XPipeTest}. */
final class XPipeTestContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return TestContextAnnotationUtils.hasAnnotation(testClass, XPipeTest.class) ? new XPipeTestContextCustomizer()
				: null;
	}

}
