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

}
