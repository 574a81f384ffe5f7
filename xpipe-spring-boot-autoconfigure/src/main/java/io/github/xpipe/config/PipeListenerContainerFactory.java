package io.github.xpipe.config;

import io.github.xpipe.listener.PipeListenerContainer;

/**
 * Creates the {@link PipeListenerContainer} of a {@link PipeListenerEndpoint}.
 *
 * @param <C> the container type
 */
@FunctionalInterface
public interface PipeListenerContainerFactory<C extends PipeListenerContainer> {

	/** A new, not yet started container for the endpoint. */
	C createListenerContainer(PipeListenerEndpoint endpoint);

}
