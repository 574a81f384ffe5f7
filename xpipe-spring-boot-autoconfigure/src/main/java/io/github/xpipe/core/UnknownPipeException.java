package io.github.xpipe.core;

import java.util.List;
import java.util.Set;

/** A listener, a {@code @SendTo} or a send names a pipe that is not declared under {@code xpipe.pipes}. */
public class UnknownPipeException extends XPipeException {

	private final List<String> declaredPipes;

	private final String referencedBy;

	/**
	 * @param pipeName the unknown name
	 * @param declaredPipes the names that are declared
	 * @param referencedBy who named it, e.g. {@code @PipeListener on OrderHandler.handle(Order)}
	 */
	public UnknownPipeException(String pipeName, Set<String> declaredPipes, String referencedBy) {
		super(pipeName, "Pipe '" + pipeName + "' named by " + referencedBy + " is not declared; declared pipes: "
				+ (declaredPipes.isEmpty() ? "none" : declaredPipes));
		this.declaredPipes = declaredPipes.stream().sorted().toList();
		this.referencedBy = referencedBy;
	}

	/** The declared pipe names, sorted. */
	public List<String> getDeclaredPipes() {
		return this.declaredPipes;
	}

	/** What named the unknown pipe. */
	public String getReferencedBy() {
		return this.referencedBy;
	}

}
