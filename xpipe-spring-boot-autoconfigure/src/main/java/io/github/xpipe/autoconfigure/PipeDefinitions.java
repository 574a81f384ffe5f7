package io.github.xpipe.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code xpipe.pipes.<name>} properties into a {@link PipeDefinition}: a pipe's own properties
 * first, then its {@link XPipeProperties.Peer peer} preset's defaults, then xpipe's.
 */
final class PipeDefinitions {

	private PipeDefinitions() {
	}

	static PipeDefinition of(String name, PipeProperties pipe, XPipeProperties properties) {
		PropertyMapper map = PropertyMapper.get();
		PipeOptions options = PipeOptions.defaults().withDirection(pipe.getDirection());
		options = map.from(properties.getBaseDir()).to(options, PipeOptions::withBaseDirectory);
		options = map.from(pipe.getPermissions())
			.as(PosixFilePermissions::fromString)
			.to(options, PipeOptions::withPermissions);
		options = map.from(pipe.getCapacity()).asInt(DataSize::toBytes).to(options, PipeOptions::withPipeCapacity);
		XPipeProperties.Peer peer = pipe.getPeer();
		options = options.withPipeMode(
				firstOf(pipe.getPipeMode(), (peer != null) ? peer.getPipeMode() : null, PipeMode.BYTE));
		options = map.from(pipe.isSingleWriter()).to(options, PipeOptions::withSingleWriter);
		options = map.from(pipe.getMaxInstances()).to(options, PipeOptions::withMaxInstances);
		options = map.from(pipe.getSecurityDescriptor()).to(options, PipeOptions::withSecurityDescriptor);
		String nameOrPath = (pipe.getPath() != null) ? pipe.getPath() : name;
		return new PipeDefinition(name, nameOrPath, pipe.getDirection(), pipe.isCreate(), codec(name, pipe),
				charset(pipe), pipe.getConnectTimeout(), options, pipe.getSendMode());
	}

	private static FrameCodec codec(String name, PipeProperties pipe) {
		int maxMessageSize = (int) pipe.getMaxMessageSize().toBytes();
		XPipeProperties.Peer peer = pipe.getPeer();
		if (peer != null && pipe.getFraming() != Framing.LENGTH_CRC32) {
			throw new IllegalStateException("Pipe '" + name + "': peer " + peer.name().toLowerCase(java.util.Locale.ROOT)
					+ " speaks length-crc32 only; remove xpipe.pipes." + name + ".framing or xpipe.pipes." + name + ".peer");
		}
		return switch (pipe.getFraming()) {
			case LENGTH_CRC32 -> LengthCrc32Codec.builder()
				.byteOrder(firstOf(pipe.getByteOrder(), (peer != null) ? peer.getByteOrder() : null,
						XPipeProperties.Endianness.LITTLE_ENDIAN).toByteOrder())
				.readByteOrder(pipe.getReadByteOrder())
				.crc(pipe.isCrc())
				.crcCheck((pipe.getCrcCheck() != null) ? pipe.getCrcCheck() : pipe.isCrc() ? CrcCheck.LENIENT : CrcCheck.OFF)
				.maxMessageSize(maxMessageSize)
				.build();
			case BASE64 -> new Base64Codec(maxMessageSize);
		};
	}

	private static Charset charset(PipeProperties pipe) {
		XPipeProperties.Peer peer = pipe.getPeer();
		return firstOf(pipe.getCharset(), (peer != null) ? peer.getCharset() : null, StandardCharsets.UTF_8);
	}

	private static <T> T firstOf(@Nullable T own, @Nullable T preset, T fallback) {
		return (own != null) ? own : (preset != null) ? preset : fallback;
	}

}
