package io.github.xpipe.config;

import io.github.xpipe.listener.MessageListener;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An endpoint for a {@link MessageListener} given directly, to register listeners programmatically
 * with the {@link PipeListenerEndpointRegistry}.
 */
public class SimplePipeListenerEndpoint extends AbstractPipeListenerEndpoint {

	private @Nullable MessageListener messageListener;

	public void setMessageListener(MessageListener messageListener) {
		this.messageListener = messageListener;
	}

	@Override
	public String getDescription() {
		return "listener '" + getId() + "'";
	}

	@Override
	public MessageListener createMessageListener() {
		Assert.state(this.messageListener != null, "No message listener set");
		return this.messageListener;
	}

}
