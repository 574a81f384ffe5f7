package io.github.xpipe.config;

/**
 * Customizes the auto-configured {@link DefaultPipeListenerContainerFactory} before any container
 * is created, e.g. to set a task executor or wrap listeners.
 */
@FunctionalInterface
public interface PipeListenerContainerFactoryCustomizer {

	void customize(DefaultPipeListenerContainerFactory factory);

}
