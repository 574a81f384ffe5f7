package io.github.xpipe.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.github.xpipe.pipe.PipeOptions;

/** Names the settings in which two {@link PipeDefinition}s of one pipe differ, for error messages. */
final class PipeDefinitionDifferences {

	private static final List<Setting<PipeDefinition>> DEFINITION = List.of(
			new Setting<>("path", PipeDefinition::nameOrPath), new Setting<>("direction", PipeDefinition::direction),
			new Setting<>("create", PipeDefinition::create), new Setting<>("framing", PipeDefinition::codec),
			new Setting<>("charset", PipeDefinition::charset),
			new Setting<>("connect-timeout", PipeDefinition::connectTimeout),
			new Setting<>("send-mode", PipeDefinition::sendMode));

	private static final List<Setting<PipeOptions>> OPTIONS = List.of(
			new Setting<>("permissions", PipeOptions::permissions),
			new Setting<>("base-dir", PipeOptions::baseDirectory), new Setting<>("capacity", PipeOptions::pipeCapacity),
			new Setting<>("read-buffer-size", PipeOptions::readBufferSize),
			new Setting<>("max-instances", PipeOptions::maxInstances),
			new Setting<>("security-descriptor", PipeOptions::securityDescriptor),
			new Setting<>("single-writer", PipeOptions::singleWriter), new Setting<>("pipe-mode", PipeOptions::pipeMode));

	private PipeDefinitionDifferences() {
	}

	/** The differing settings, each as {@code name (existing: x, requested: y)}. */
	static List<String> between(PipeDefinition existing, PipeDefinition requested) {
		List<String> differences = new ArrayList<>();
		collect(DEFINITION, existing, requested, differences);
		collect(OPTIONS, existing.options().withDirection(existing.direction()),
				requested.options().withDirection(requested.direction()), differences);
		if (differences.isEmpty()) {
			differences.add("options (existing: " + existing.options() + ", requested: " + requested.options() + ")");
		}
		return differences;
	}

	private static <T> void collect(List<Setting<T>> settings, T existing, T requested, List<String> differences) {
		for (Setting<T> setting : settings) {
			Object was = setting.value().apply(existing);
			Object is = setting.value().apply(requested);
			if (!Objects.equals(was, is)) {
				differences.add(setting.name() + " (existing: " + was + ", requested: " + is + ")");
			}
		}
	}

	private record Setting<T>(String name, Function<T, ?> value) {
	}

}
