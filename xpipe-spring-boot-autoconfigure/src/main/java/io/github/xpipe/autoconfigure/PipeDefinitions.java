package io.github.xpipe.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.pipe.PipeOptions;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/** Turns {@code xpipe.pipes.<name>} properties into a {@link PipeDefinition}. */
final class PipeDefinitions {

	private PipeDefinitions() {
	}

	static PipeDefinition of(String name, XPipeProperties.Pipe pipe, XPipeProperties properties) {
		PropertyMapper map = PropertyMapper.get();
		PipeOptions options = PipeOptions.defaults().withDirection(pipe.getDirection());
		options = map.from(properties.getBaseDir()).to(options, PipeOptions::withBaseDirectory);
		options = map.from(pipe.getPermissions())
			.as(PosixFilePermissions::fromString)
			.to(options, PipeOptions::withPermissions);
		options = map.from(pipe.getCapacity()).asInt(DataSize::toBytes).to(options, PipeOptions::withPipeCapacity);
		options = map.from(pipe.getPipeMode()).to(options, PipeOptions::withPipeMode);
		options = map.from(pipe.isSingleWriter()).to(options, PipeOptions::withSingleWriter);
		options = map.from(pipe.getMaxInstances()).to(options, PipeOptions::withMaxInstances);
		options = map.from(pipe.getSecurityDescriptor()).to(options, PipeOptions::withSecurityDescriptor);
		String nameOrPath = (pipe.getPath() != null) ? pipe.getPath() : name;
		return new PipeDefinition(name, nameOrPath, pipe.getDirection(), pipe.isCreate(), codec(pipe), pipe.getCharset(),
				pipe.getConnectTimeout(), options, pipe.getSendMode());
	}

	private static FrameCodec codec(XPipeProperties.Pipe pipe) {
		int maxMessageSize = (int) pipe.getMaxMessageSize().toBytes();
		return switch (pipe.getFraming()) {
			case LENGTH_CRC32 -> new LengthCrc32Codec(pipe.getByteOrder().toByteOrder(), pipe.isCrc(), maxMessageSize);
			case BASE64 -> new Base64Codec(maxMessageSize);
		};
	}

}
