package io.github.xpipe.stream.binder.properties;

import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.pipe.PipeDirection;

/**
 * The xpipe settings of a producer binding, {@code spring.cloud.stream.xpipe.bindings.<binding>.producer}
 * (defaults for every binding: {@code spring.cloud.stream.xpipe.default.producer}): the settings of
 * the pipe the binding writes, the same as {@code xpipe.pipes.<name>} takes, with the same defaults.
 * The direction is the binding's: a producer writes its pipe, so {@code direction} cannot be set.
 */
public class XPipeProducerProperties extends PipeProperties {

	/**
	 * Whether the binding waits for each message to be in the pipe, failing the send when it cannot
	 * be. False returns at once: a failed send then goes to the binding's error channel (with
	 * error-channel-enabled) or is logged.
	 */
	private boolean sync = true;

	/** A producer's pipe is outbound. */
	public XPipeProducerProperties() {
		super.setDirection(PipeDirection.OUTBOUND);
	}

	/**
	 * Refused unless outbound: a producer binding writes its pipe.
	 * @throws IllegalArgumentException for any other direction
	 */
	@Override
	public void setDirection(PipeDirection direction) {
		if (direction != PipeDirection.OUTBOUND) {
			throw new IllegalArgumentException("a producer binding writes its pipe: remove the direction, "
					+ "or bind the function's input (a consumer binding) to read a pipe");
		}
		super.setDirection(direction);
	}

	public boolean isSync() {
		return this.sync;
	}

	public void setSync(boolean sync) {
		this.sync = sync;
	}

}
