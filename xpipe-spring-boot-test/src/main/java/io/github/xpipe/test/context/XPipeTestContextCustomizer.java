package io.github.xpipe.test.context;

import java.util.List;
import java.util.Map;

import io.github.xpipe.test.PipeTestDirectory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.CommandLinePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;
import org.springframework.util.ClassUtils;

/**
 * Gives one application context a {@link PipeTestDirectory} of its own as {@code xpipe.base-dir}
 * (a bean named {@value #DIRECTORY_BEAN_NAME}, deleted when the context closes, after its pipes
 * were removed), unless the test sets {@code xpipe.base-dir} in its inlined or dynamic properties
 * or its arguments; and, with xpipe's Spring layer on the class path, {@link
 * PipeTestClientConfiguration}. All instances are equal, so that test classes that share everything
 * else share a cached context too.
 */
final class XPipeTestContextCustomizer implements ContextCustomizer {

	static final String DIRECTORY_BEAN_NAME = "xpipeTestDirectory";

	static final String PROPERTY_SOURCE_NAME = "xpipeTestDirectory";

	static final String BASE_DIR = "xpipe.base-dir";

	private static final String DYNAMIC_PROPERTIES = "Dynamic Test Properties";

	private static final List<String> TEST_DEFINED = List.of(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
			DYNAMIC_PROPERTIES, CommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME);

	private static final String PIPE_REGISTRY = "io.github.xpipe.core.PipeRegistry";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		if (!definedByTest(sources)) {
			PipeTestDirectory directory = PipeTestDirectory.create(mergedConfig.getTestClass().getSimpleName());
			addBelowTestProperties(sources,
					new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(BASE_DIR, directory.path().toString())));
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			beanFactory.registerSingleton(DIRECTORY_BEAN_NAME, directory);
			if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
				registry.registerDisposableBean(DIRECTORY_BEAN_NAME, directory::close);
			}
		}
		if (ClassUtils.isPresent(PIPE_REGISTRY, context.getClassLoader())
				&& context instanceof BeanDefinitionRegistry registry) {
			registry.registerBeanDefinition(PipeTestClientConfiguration.class.getName(),
					new RootBeanDefinition(PipeTestClientConfiguration.class));
		}
	}

	private static boolean definedByTest(MutablePropertySources sources) {
		for (String name : TEST_DEFINED) {
			PropertySource<?> source = sources.get(name);
			if (source != null && (source.containsProperty(BASE_DIR) || source.containsProperty("xpipe.baseDir"))) {
				return true;
			}
		}
		return false;
	}

	private static void addBelowTestProperties(MutablePropertySources sources, PropertySource<?> source) {
		for (String name : TEST_DEFINED) {
			if (sources.contains(name)) {
				sources.addAfter(name, source);
				return;
			}
		}
		sources.addFirst(source);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other != null && other.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
