package io.github.xpipe.codec.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.xpipe.codec.Base64Codec;

/**
 * Coverage-guided fuzzing of the {@code base64} decoder (see {@link DecoderOracle} for what is
 * checked). Without {@code JAZZER_FUZZ} it replays the seeds and every past finding under
 * {@code src/test/resources/io/github/xpipe/codec/fuzz/Base64DecoderFuzzTestsInputs}; the
 * {@code fuzz} Maven profile fuzzes it for {@code fuzz.duration}.
 */
class Base64DecoderFuzzTests {

	private static final int MAX = 1024;

	private static final DecoderOracle ORACLE = new DecoderOracle(new Base64Codec(MAX), MAX);

	@FuzzTest(maxDuration = "60s")
	void decodesAnyInputToFramesAndTypedErrors(FuzzedDataProvider data) {
		ORACLE.check(data);
	}

}
