package io.github.xpipe.autoconfigure;

import java.util.List;

/**
 * Thrown at startup when the application runs from code generated ahead of time and the pipes
 * declared under {@code xpipe.pipes} are not those it was processed with: ahead-of-time
 * processing fixes the set of pipe beans at build time.
 */
public class PipesChangedSinceAotProcessingException extends IllegalStateException {

	private final List<String> declaredOnlyNow;

	private final List<String> declaredOnlyAtBuildTime;

	/**
	 * @param declaredOnlyNow pipes declared at run time that the build did not declare
	 * @param declaredOnlyAtBuildTime pipes the build declared that are not declared at run time
	 */
	public PipesChangedSinceAotProcessingException(List<String> declaredOnlyNow, List<String> declaredOnlyAtBuildTime) {
		super(message(declaredOnlyNow, declaredOnlyAtBuildTime));
		this.declaredOnlyNow = List.copyOf(declaredOnlyNow);
		this.declaredOnlyAtBuildTime = List.copyOf(declaredOnlyAtBuildTime);
	}

	/** The pipes declared at run time that the ahead-of-time processing did not see. */
	public List<String> getDeclaredOnlyNow() {
		return this.declaredOnlyNow;
	}

	/** The pipes the ahead-of-time processing saw that are not declared at run time. */
	public List<String> getDeclaredOnlyAtBuildTime() {
		return this.declaredOnlyAtBuildTime;
	}

	private static String message(List<String> declaredOnlyNow, List<String> declaredOnlyAtBuildTime) {
		StringBuilder message = new StringBuilder("The pipes declared under xpipe.pipes are not those this application"
				+ " was processed with ahead of time (AOT fixes the set of pipes at build time):");
		if (!declaredOnlyNow.isEmpty()) {
			message.append(" declared now but not at build time: ").append(String.join(", ", declaredOnlyNow)).append(';');
		}
		if (!declaredOnlyAtBuildTime.isEmpty()) {
			message.append(" declared at build time but not now: ")
				.append(String.join(", ", declaredOnlyAtBuildTime))
				.append(';');
		}
		message.setLength(message.length() - 1);
		return message.toString();
	}

}
