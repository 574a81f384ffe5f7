package io.github.xpipe.stream.binder.properties;

import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.pipe.PipeDirection;

/**
 * The xpipe settings of a consumer binding, {@code spring.cloud.stream.xpipe.bindings.<binding>.consumer}
 * (defaults for every binding: {@code spring.cloud.stream.xpipe.default.consumer}): the settings of
 * the pipe the binding reads, the same as {@code xpipe.pipes.<name>} takes, with the same defaults.
 * The direction is the binding's: a consumer reads its pipe, so {@code direction} cannot be set.
 */
public class XPipeConsumerProperties extends PipeProperties {

	/** A consumer's pipe is inbound. */
	public XPipeConsumerProperties() {
		super.setDirection(PipeDirection.INBOUND);
	}

	/**
	 * Refused unless inbound: a consumer binding reads its pipe.
	 * @throws IllegalArgumentException for any other direction
	 */
	@Override
	public void setDirection(PipeDirection direction) {
		if (direction != PipeDirection.INBOUND) {
			throw new IllegalArgumentException("a consumer binding reads its pipe: remove the direction, "
					+ "or bind the function's output (a producer binding) to write a pipe");
		}
		super.setDirection(direction);
	}

}
