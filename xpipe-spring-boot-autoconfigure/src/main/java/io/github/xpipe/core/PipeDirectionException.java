package io.github.xpipe.core;

import io.github.xpipe.pipe.PipeDirection;

/**
 * A pipe is used the wrong way round: a listener on a pipe declared {@code outbound}, or a send
 * ({@code @SendTo} or the template) to a pipe declared {@code inbound}.
 */
public class PipeDirectionException extends XPipeException {

	private final PipeDirection declaredDirection;

	private final String referencedBy;

	public PipeDirectionException(String pipeName, PipeDirection declaredDirection, String referencedBy) {
		super(pipeName, "Pipe '" + pipeName + "' is declared " + DirectionNames.of(declaredDirection)
				+ " but " + referencedBy + " " + (declaredDirection == PipeDirection.OUTBOUND ? "reads from" : "writes to")
				+ " it");
		this.declaredDirection = declaredDirection;
		this.referencedBy = referencedBy;
	}

	/** The direction the pipe is declared with. */
	public PipeDirection getDeclaredDirection() {
		return this.declaredDirection;
	}

	/** The direction the use needs. */
	public PipeDirection getRequiredDirection() {
		return (this.declaredDirection == PipeDirection.INBOUND) ? PipeDirection.OUTBOUND : PipeDirection.INBOUND;
	}

	/** What used the pipe. */
	public String getReferencedBy() {
		return this.referencedBy;
	}

}
