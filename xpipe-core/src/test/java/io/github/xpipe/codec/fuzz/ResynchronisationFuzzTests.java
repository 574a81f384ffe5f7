package io.github.xpipe.codec.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.xpipe.codec.FrameCodec;

/**
 * Coverage-guided fuzzing of resynchronisation: good frames with garbage spliced in at fuzzed
 * offsets, read from a fuzzed start, must all come out that the garbage did not touch (see
 * {@link ResynchronisationOracle}). Without {@code JAZZER_FUZZ} it replays past findings under
 * {@code src/test/resources/io/github/xpipe/codec/fuzz/ResynchronisationFuzzTestsInputs};
 * {@link SplicedGarbageTests} runs the same oracle over seeded random cases in every build.
 */
class ResynchronisationFuzzTests {

	@FuzzTest(maxDuration = "60s")
	void untouchedFramesSurviveSplicedGarbage(FuzzedDataProvider data) {
		FrameCodec codec = ResynchronisationOracle.codec(data.consumeInt(0, ResynchronisationOracle.CODEC_COUNT - 1));
		int frames = data.consumeInt(1, 16);
		List<byte[]> payloads = new ArrayList<>();
		int clean = 0;
		for (int i = 0; i < frames; i++) {
			int size = data.consumeInt(1, 300);
			byte[] payload = java.util.Arrays.copyOf(data.consumeBytes(size), size);
			payload[0] ^= (byte) (i + 1); // never all zeros, even when the input runs out
			payloads.add(payload);
			clean += SplicedStream.frameLength(codec, size);
		}
		TreeMap<Integer, byte[]> garbage = new TreeMap<>();
		int splices = data.consumeInt(0, 4);
		for (int i = 0; i < splices; i++) {
			byte[] bytes = data.consumeBytes(data.consumeInt(1, 400));
			if (bytes.length > 0) {
				garbage.merge(data.consumeInt(0, clean), bytes, (a, b) -> java.nio.ByteBuffer.allocate(a.length + b.length)
					.put(a).put(b).array());
			}
		}
		int startAt = data.consumeBoolean() ? 0 : data.consumeInt(1, 200);
		int[] reads = new int[data.consumeInt(0, 16)];
		for (int i = 0; i < reads.length; i++) {
			reads[i] = data.consumeInt(0, 600);
		}
		ResynchronisationOracle.check(codec, payloads, garbage, startAt, reads);
	}

}
