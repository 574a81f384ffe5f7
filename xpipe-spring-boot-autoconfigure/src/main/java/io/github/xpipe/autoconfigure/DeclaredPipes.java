package io.github.xpipe.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * The {@link ManagedPipe} beans of the pipes declared under {@code xpipe.pipes}: their factory
 * method, and the check that each declared pipe has one.
 *
 * <p>When the application runs from code generated ahead of time ({@code spring.aot.enabled=true},
 * and every native image), the bean definitions are those of the build: a pipe declared only at
 * run time has no bean, and one declared only at build time has nothing to be built from. Both
 * fail the startup with a {@link PipesChangedSinceAotProcessingException} instead of running with
 * pipes other than the configuration says. The settings of the pipes processed at build time are
 * read at run time, so they may change freely.
 */
final class DeclaredPipes {

	private DeclaredPipes() {
	}

	/**
	 * The bean of the pipe declared as {@code xpipe.pipes.<name>}.
	 * @throws PipesChangedSinceAotProcessingException when no such pipe is declared any more
	 */
	static ManagedPipe create(String name, XPipeProperties properties, PipeBackend backend) {
		PipeProperties pipe = properties.getPipes().get(name);
		if (pipe == null) {
			throw new PipesChangedSinceAotProcessingException(List.of(), List.of(name));
		}
		return new ManagedPipe(PipeDefinitions.of(name, pipe, properties), backend);
	}

	/**
	 * Checks that every declared pipe has its bean.
	 * @throws PipesChangedSinceAotProcessingException naming the pipes declared without a bean
	 */
	static void checkAllRegistered(XPipeProperties properties, ListableBeanFactory beanFactory) {
		List<String> unregistered = new ArrayList<>();
		for (String name : properties.getPipes().keySet()) {
			if (!beanFactory.containsBeanDefinition(ManagedPipeBeanRegistrar.BEAN_NAME_PREFIX + name)) {
				unregistered.add(name);
			}
		}
		if (!unregistered.isEmpty()) {
			throw new PipesChangedSinceAotProcessingException(unregistered, List.of());
		}
	}

}
