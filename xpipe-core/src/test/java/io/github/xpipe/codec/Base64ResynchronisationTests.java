package io.github.xpipe.codec;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code base64} decoder goes on after every delimiter, and reports a run of bad datagrams as one
 * rejection and one skipped stretch, so that no input makes it report an error per delimiter.
 */
class Base64ResynchronisationTests {

	private static final Base64Codec CODEC = new Base64Codec();

	private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORLD = "world!".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] BAD = "@@not base64!!\0".getBytes(StandardCharsets.ISO_8859_1);

	@Test
	void aRunOfBadDatagramsIsOneRejectionThenOneSkippedStretch() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");

		RecordingSink sink = new RecordingSink().feed(decoder,
				Bytes.concat(CODEC.encode(HELLO), BAD, BAD, BAD, BAD, BAD, CODEC.encode(WORLD)));

		assertThat(sink.frames).containsExactly(HELLO, WORLD);
		assertThat(sink.errors).hasSize(2);
		assertThat(sink.errors.get(0)).isInstanceOf(InvalidBase64Exception.class)
			.extracting(FrameException::byteCount)
			.isEqualTo((long) BAD.length);
		assertThat(sink.errors.get(1)).isInstanceOfSatisfying(SkippedBytesException.class, (error) -> {
			assertThat(error.byteCount()).isEqualTo(4L * BAD.length);
			assertThat(error.getMessage()).startsWith("Pipe 'events': skipped 60 bytes (4 datagrams) that are not "
					+ "valid base64 datagrams; resynchronised on the datagram that follows them");
		});
		assertThat(sink.events.get(2)).isSameAs(sink.errors.get(1));
	}

	@Test
	void aBadDatagramBetweenGoodOnesIsOneErrorEachTime() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(BAD, CODEC.encode(HELLO), BAD, CODEC.encode(WORLD), BAD));

		assertThat(sink.frames).containsExactly(HELLO, WORLD);
		assertThat(sink.errors).hasSize(3).allSatisfy((error) -> assertThat(error).isInstanceOf(InvalidBase64Exception.class));
	}

	@Test
	void anEmptyDatagramProvesNothingWhileResynchronisingButIsAMessageInStep() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");
		byte[] empty = CODEC.encode(new byte[0]);

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(BAD, empty, CODEC.encode(HELLO), empty, CODEC.encode(WORLD)));

		assertThat(sink.frames).containsExactly(HELLO, new byte[0], WORLD);
		assertThat(sink.errors).extracting(FrameException::reason)
			.containsExactly(FrameException.Reason.BASE64, FrameException.Reason.SKIPPED);
		assertThat(sink.errors.get(1).byteCount()).isEqualTo(1);
	}

	@Test
	void resynchronizeDropsTheBytesUpToTheNextDelimiterAndReportsThemOnce() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");
		decoder.resynchronize();

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat("bG8gd29y".getBytes(StandardCharsets.US_ASCII),
				new byte[1], CODEC.encode(HELLO), CODEC.encode(WORLD)));

		assertThat(sink.frames).containsExactly(HELLO, WORLD);
		assertThat(sink.errors).singleElement().isInstanceOf(SkippedBytesException.class)
			.extracting(FrameException::byteCount)
			.isEqualTo(9L);
	}

	@Test
	void resynchronizeDropsAPartialDatagramHeldWithTheRestOfIt() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");
		RecordingSink sink = new RecordingSink().feed(decoder, "SGVs".getBytes(StandardCharsets.US_ASCII));
		assertThat(decoder.bufferedBytes()).isEqualTo(4);

		decoder.resynchronize();
		assertThat(decoder.bufferedBytes()).isZero();
		sink.feed(decoder, Bytes.concat("bG8=".getBytes(StandardCharsets.US_ASCII), new byte[1], CODEC.encode(WORLD)));

		assertThat(sink.frames).containsExactly(WORLD);
		assertThat(sink.errors).singleElement().extracting(FrameException::byteCount).isEqualTo(9L);
	}

	@Test
	void theStreamEndingWhileResynchronisingReportsTheStretch() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("events");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(CODEC.encode(HELLO), BAD, BAD, "SGVs".getBytes(StandardCharsets.US_ASCII)))
			.end(decoder);

		assertThat(sink.frames).containsExactly(HELLO);
		assertThat(sink.errors).extracting(FrameException::reason)
			.containsExactly(FrameException.Reason.BASE64, FrameException.Reason.SKIPPED);
		assertThat(sink.errors.get(1).byteCount()).isEqualTo(BAD.length + 4L);
		assertThat(sink.errors.get(1).getMessage()).contains("up to the end of the stream");

		// the next writer starts in step
		sink.feed(decoder, Bytes.concat(CODEC.encode(new byte[0]), CODEC.encode(WORLD)));
		assertThat(sink.frames).containsExactly(HELLO, new byte[0], WORLD);
	}

	@Test
	void aHundredMegabytesOfGarbageMakeAHandfulOfErrors() {
		FrameDecoder decoder = CODEC.newDecoder("flooded");
		CountingSink sink = new CountingSink();
		long total = 100L * 1024 * 1024;
		sink.feedRandom(decoder, total, 100);
		decoder.endOfStream(sink);

		// every 16 MiB of the stretch, plus two for each stretch of random bytes that happens to be
		// valid Base64 between two zeros (and is delivered: this framing has no checksum)
		assertThat(sink.errors).isLessThan(40);
		assertThat(sink.errors).isGreaterThanOrEqualTo((int) (total / LengthCrc32Scanner.SKIP_REPORT_INTERVAL));
		assertThat(sink.errors).isGreaterThanOrEqualTo(2 * sink.frames);
	}

}
