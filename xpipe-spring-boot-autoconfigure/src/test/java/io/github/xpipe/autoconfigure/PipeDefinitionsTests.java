package io.github.xpipe.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.pipe.PipeMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How a pipe's properties, its peer preset's defaults and xpipe's defaults combine into its
 * definition: the pipe's own properties win, then the preset, then xpipe.
 */
class PipeDefinitionsTests {

	private final XPipeProperties properties = new XPipeProperties();

	@Test
	void xpipesDefaultsWriteLittleEndianWithACrcAndReadEitherOrderLeniently() {
		PipeDefinition definition = define(new PipeProperties());

		assertThat(definition.codec()).isEqualTo(new LengthCrc32Codec());
		assertThat(definition.charset()).isEqualTo(StandardCharsets.UTF_8);
	}

	@Test
	void theNpipesPresetIsBigEndianLenientAndAscii() {
		PipeProperties pipe = new PipeProperties();
		pipe.setPeer(XPipeProperties.Peer.NPIPES);

		PipeDefinition definition = define(pipe);

		assertThat(definition.codec()).isInstanceOfSatisfying(LengthCrc32Codec.class, (codec) -> {
			assertThat(codec.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
			assertThat(codec.readByteOrder()).isEqualTo(ReadByteOrder.DETECT);
			assertThat(codec.crcCheck()).isEqualTo(CrcCheck.LENIENT);
			assertThat(codec.crcEnabled()).isTrue();
		});
		assertThat(definition.charset()).isEqualTo(StandardCharsets.US_ASCII);
		assertThat(definition.options().pipeMode()).as("a message pipe on Windows").isEqualTo(PipeMode.MESSAGE);
	}

	@Test
	void aPipeIsAWindowsBytePipeUnlessToldOrItsPeerMakesMessagePipes() {
		PipeProperties pipe = new PipeProperties();
		assertThat(define(pipe).options().pipeMode()).isEqualTo(PipeMode.BYTE);
		pipe.setPipeMode(PipeMode.MESSAGE);
		assertThat(define(pipe).options().pipeMode()).isEqualTo(PipeMode.MESSAGE);
		pipe.setPeer(XPipeProperties.Peer.NPIPES);
		pipe.setPipeMode(PipeMode.BYTE);
		assertThat(define(pipe).options().pipeMode()).isEqualTo(PipeMode.BYTE);
	}

	@Test
	void aPipesOwnPropertiesOverrideItsPreset() {
		PipeProperties pipe = new PipeProperties();
		pipe.setPeer(XPipeProperties.Peer.NPIPES);
		pipe.setByteOrder(XPipeProperties.Endianness.LITTLE_ENDIAN);
		pipe.setCharset(StandardCharsets.ISO_8859_1);
		pipe.setCrcCheck(CrcCheck.STRICT);
		pipe.setReadByteOrder(ReadByteOrder.PINNED);

		PipeDefinition definition = define(pipe);

		assertThat(definition.codec()).isEqualTo(LengthCrc32Codec.builder()
			.byteOrder(ByteOrder.LITTLE_ENDIAN)
			.crcCheck(CrcCheck.STRICT)
			.readByteOrder(ReadByteOrder.PINNED)
			.build());
		assertThat(definition.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
	}

	@Test
	void noCrcSentMeansNoneCheckedUnlessTold() {
		PipeProperties pipe = new PipeProperties();
		pipe.setCrc(false);
		assertThat(((LengthCrc32Codec) define(pipe).codec()).crcCheck()).isEqualTo(CrcCheck.OFF);

		pipe.setCrcCheck(CrcCheck.LENIENT);
		assertThat(((LengthCrc32Codec) define(pipe).codec()).crcCheck()).isEqualTo(CrcCheck.LENIENT);
	}

	@Test
	void aPresetWithAFramingItDoesNotSpeakFailsSayingWhatToChange() {
		PipeProperties pipe = new PipeProperties();
		pipe.setPeer(XPipeProperties.Peer.NPIPES);
		pipe.setFraming(Framing.BASE64);

		assertThatIllegalStateException().isThrownBy(() -> define(pipe))
			.withMessage("Pipe 'orders': peer npipes speaks length-crc32 only; remove xpipe.pipes.orders.framing or "
					+ "xpipe.pipes.orders.peer");
	}

	private PipeDefinition define(PipeProperties pipe) {
		return PipeDefinitions.of("orders", pipe, this.properties);
	}

}
