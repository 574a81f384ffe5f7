package io.github.xpipe.stream.binder.provisioning;

import io.github.xpipe.core.ManagedPipe;

import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;

/**
 * The pipe a binding reads or writes. Its {@link #getName() name} is the pipe's name in the
 * {@link io.github.xpipe.core.PipeRegistry PipeRegistry}: the binding's destination. A pipe has no
 * partitions: every partition is the pipe itself.
 *
 * @param pipe the provisioned (or declared) pipe
 */
public record XPipeDestination(ManagedPipe pipe) implements ProducerDestination, ConsumerDestination {

	@Override
	public String getName() {
		return this.pipe.getName();
	}

	@Override
	public String getNameForPartition(int partition) {
		return this.pipe.getName();
	}

	/** The operating-system path of the pipe. */
	public String getPath() {
		return this.pipe.getPath();
	}

	@Override
	public String toString() {
		return "pipe '" + this.pipe.getName() + "' at " + this.pipe.getPath();
	}

}
