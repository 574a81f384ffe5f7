package io.github.xpipe.codec.fuzz;

import java.nio.ByteOrder;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.xpipe.codec.LengthCrc32Codec;

/**
 * Coverage-guided fuzzing of the {@code length-crc32} decoder (see {@link DecoderOracle} for what is
 * checked). Without {@code JAZZER_FUZZ} it replays the seeds and every past finding under
 * {@code src/test/resources/io/github/xpipe/codec/fuzz/LengthCrc32DecoderFuzzTestsInputs}; the
 * {@code fuzz} Maven profile fuzzes it for {@code fuzz.duration}.
 */
class LengthCrc32DecoderFuzzTests {

	private static final int MAX = 1024;

	private static final DecoderOracle LITTLE_ENDIAN_CRC = new DecoderOracle(
			new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, MAX), MAX + LengthCrc32Codec.FRAME_OVERHEAD);

	private static final DecoderOracle BIG_ENDIAN_NO_CRC = new DecoderOracle(
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, MAX), MAX + LengthCrc32Codec.FRAME_OVERHEAD);

	@FuzzTest(maxDuration = "60s")
	void decodesAnyInputToFramesAndTypedErrors(FuzzedDataProvider data) {
		(data.consumeBoolean() ? LITTLE_ENDIAN_CRC : BIG_ENDIAN_NO_CRC).check(data);
	}

}
