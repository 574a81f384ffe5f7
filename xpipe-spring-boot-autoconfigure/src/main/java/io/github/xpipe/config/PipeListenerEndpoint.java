package io.github.xpipe.config;

import java.util.Set;

import io.github.xpipe.listener.MessageListener;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import org.jspecify.annotations.Nullable;

/**
 * What a listener container is built from: the pipe to read, the listener to invoke, and settings
 * that override the container factory's defaults ({@code null} meaning "use the default").
 */
public interface PipeListenerEndpoint {

	/** The listener's id, unique in the application. */
	String getId();

	/** The declared name of the pipe to read. */
	String getPipe();

	/** Says where this endpoint comes from, for error messages, e.g. {@code @PipeListener on Orders.handle(Order)}. */
	String getDescription();

	/** Number of listener threads, or {@code null} for the factory's default. */
	@Nullable Integer getConcurrency();

	/** Whether the container starts with the application context, or {@code null} for the factory's default. */
	@Nullable Boolean getAutoStartup();

	/** The error handler of this listener, or {@code null} for the factory's. */
	@Nullable PipeListenerErrorHandler getErrorHandler();

	/** The pipes this listener's results are sent to. */
	default Set<String> getReplyPipes() {
		return Set.of();
	}

	/** Creates the listener the container invokes for each message. */
	MessageListener createMessageListener();

}
