package io.github.xpipe.core;

import java.util.Locale;

import io.github.xpipe.pipe.PipeDirection;

/** The configuration spelling of a {@link PipeDirection}: {@code inbound} or {@code outbound}. */
final class DirectionNames {

	private DirectionNames() {
	}

	static String of(PipeDirection direction) {
		return direction.name().toLowerCase(Locale.ROOT);
	}

}
