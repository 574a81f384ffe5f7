package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Decoding the {@code base64} framing: datagrams across reads, bad input, allocation. */
class Base64DecoderTests {

	private static final byte[] HELLO = ascii("Hello");

	private static final byte[] WORLD = ascii("world!");

	@Test
	void decodesManyDatagramsFromHeapAndDirectBuffersOfEitherOrder() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] stream = Bytes.concat(codec.encode(HELLO), codec.encode(new byte[0]), codec.encode(WORLD),
				codec.encode(new byte[0]));
		for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
			for (ByteBuffer source : List.of(ByteBuffer.wrap(stream).order(order),
					Bytes.offsetHeap(stream, 0, stream.length, order), Bytes.direct(stream, 0, stream.length, order),
					ByteBuffer.wrap(stream).asReadOnlyBuffer().order(order))) {
				FrameDecoder decoder = codec.newDecoder("events");
				RecordingSink sink = new RecordingSink().feed(decoder, source).end(decoder);
				assertThat(sink.errors).isEmpty();
				assertThat(sink.frames).containsExactly(HELLO, new byte[0], WORLD, new byte[0]);
				assertThat(source.order()).isEqualTo(order);
			}
		}
	}

	@Test
	void decodesDatagramsSplitAnywhere() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] stream = Bytes.concat(codec.encode(HELLO), codec.encode(WORLD));
		for (int first = 0; first <= stream.length; first++) {
			for (int second = first; second <= stream.length; second++) {
				FrameDecoder decoder = codec.newDecoder("events");
				RecordingSink sink = new RecordingSink()
					.feed(decoder, Bytes.direct(stream, 0, first, ByteOrder.LITTLE_ENDIAN))
					.feed(decoder, ByteBuffer.wrap(stream, first, second - first))
					.feed(decoder, Bytes.offsetHeap(stream, second, stream.length, ByteOrder.BIG_ENDIAN));
				assertThat(decoder.bufferedBytes()).isZero();
				sink.end(decoder);
				assertThat(sink.errors).as("split at %d and %d", first, second).isEmpty();
				assertThat(sink.frames).as("split at %d and %d", first, second).containsExactly(HELLO, WORLD);
			}
		}
	}

	@Test
	void bufferedBytesCountsThePartialDatagram() throws Exception {
		Base64Codec codec = new Base64Codec();
		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink sink = new RecordingSink().feed(decoder, ascii("SGVs"));
		assertThat(decoder.bufferedBytes()).isEqualTo(4);
		sink.feed(decoder, ascii("bG8"));
		assertThat(decoder.bufferedBytes()).isEqualTo(7);
		sink.feed(decoder, ascii("=\0SG"));
		assertThat(decoder.bufferedBytes()).isEqualTo(2);
		assertThat(sink.frames).containsExactly(HELLO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "SGVsbG8", "SGVsbG8==", "SGVsbG8=SGVs", "SG=sbG8=", "S===", "SGVsbG8=\n", "SGVs\r\nbG8=",
			"SGVs bG8=", "-_8=", "SGVsbG8*", "@@not base64!!", "=", "====", "\u00e9\u00e9\u00e9\u00e9" })
	void rejectsWhatIsNotPaddedStandardBase64AndGoesOnWithTheNextDatagram(String datagram) throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] invalid = Bytes.concat(datagram.getBytes(StandardCharsets.UTF_8), new byte[] { 0 });
		for (ByteBuffer source : List.of(ByteBuffer.wrap(Bytes.concat(invalid, codec.encode(HELLO))),
				Bytes.direct(Bytes.concat(invalid, codec.encode(HELLO)), 0, invalid.length + 9, ByteOrder.BIG_ENDIAN))) {
			FrameDecoder decoder = codec.newDecoder("events");
			RecordingSink sink = new RecordingSink().feed(decoder, source);
			assertThat(sink.frames).containsExactly(HELLO);
			assertThat(sink.errors).singleElement().isInstanceOfSatisfying(InvalidBase64Exception.class, (error) -> {
				assertThat(error.reason()).isEqualTo(FrameException.Reason.BASE64);
				assertThat(error.pipeName()).isEqualTo("events");
				assertThat(error.byteCount()).isEqualTo(invalid.length);
				assertThat(error.getMessage()).startsWith("Pipe 'events': base64 datagram of " + (invalid.length - 1)
						+ " bytes is not valid padded Base64 (");
			});
			assertThat(sink.events.get(0)).isInstanceOf(InvalidBase64Exception.class);
		}
	}

	@Test
	void acceptsEveryPaddingForm() throws Exception {
		Base64Codec codec = new Base64Codec();
		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink sink = new RecordingSink().feed(decoder, ascii("SGVsbG8=\0SGVsbA==\0SGVs\0+/8=\0"));
		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, ascii("Hell"), ascii("Hel"),
				new byte[] { (byte) 0xfb, (byte) 0xff });
	}

	@Test
	void theMaximumIsInclusiveAndCountsEncodedBytes() throws Exception {
		Base64Codec codec = new Base64Codec(8);
		byte[] largest = { 1, 2, 3, 4, 5, 6 };
		byte[] stream = Bytes.concat(codec.encode(largest), ascii("SGVsbG8hIQ==\0"), codec.encode(HELLO));
		for (int split = 0; split <= stream.length; split++) {
			FrameDecoder decoder = codec.newDecoder("events");
			RecordingSink sink = new RecordingSink().feed(decoder, ByteBuffer.wrap(stream, 0, split))
				.feed(decoder, Bytes.direct(stream, split, stream.length, ByteOrder.BIG_ENDIAN));
			assertThat(sink.frames).as("split at %d", split).containsExactly(largest, HELLO);
			assertThat(sink.errors).as("split at %d", split)
				.singleElement()
				.isInstanceOfSatisfying(FrameTooLargeException.class, (error) -> {
					assertThat(error.reason()).isEqualTo(FrameException.Reason.TOO_LARGE);
					assertThat(error.byteCount()).isGreaterThanOrEqualTo(9).isLessThanOrEqualTo(12);
					assertThat(error.getMessage()).contains("exceeds the maximum datagram size of 8 encoded bytes",
							"skipped up to the next delimiter");
				});
		}
	}

	@Test
	void anOversizedDatagramIsSkippedWithoutBufferingAndReportedOnce() throws Exception {
		Base64Codec codec = new Base64Codec(1024);
		byte[] chunk = new byte[700];
		Arrays.fill(chunk, (byte) 'A');
		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink sink = new RecordingSink();

		sink.feed(decoder, chunk);
		assertThat(decoder.bufferedBytes()).isEqualTo(700);
		for (int i = 0; i < 100; i++) {
			sink.feed(decoder, ByteBuffer.wrap(chunk));
			assertThat(decoder.bufferedBytes()).isZero();
		}
		sink.feed(decoder, Bytes.concat(chunk, new byte[] { 0 }, codec.encode(HELLO)));

		assertThat(sink.frames).containsExactly(HELLO);
		assertThat(sink.errors).singleElement()
			.isInstanceOfSatisfying(FrameTooLargeException.class, (error) -> {
				assertThat(error.byteCount()).isEqualTo(1400);
				assertThat(error.getMessage()).contains("base64 datagram of at least 1400 bytes exceeds");
			});
	}

	@Test
	void aDatagramCutByEndOfStreamIsReportedAsTruncatedAndDropped() throws Exception {
		Base64Codec codec = new Base64Codec(16);
		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink sink = new RecordingSink();

		sink.feed(decoder, ascii("SGVsbG8=\0SGVs")).end(decoder);
		assertThat(decoder.bufferedBytes()).isZero();
		sink.feed(decoder, ascii("bG8=\0")).end(decoder);
		sink.feed(decoder, ascii("SGVsbG8hSGVsbG8hSGVsbG8h")).end(decoder);
		sink.feed(decoder, ascii("SGVsbG8=\0"));

		assertThat(sink.events).hasSize(5);
		assertThat(sink.frames).containsExactly(HELLO, ascii("lo"), HELLO);
		assertThat(sink.errors).hasSize(2);
		assertThat(sink.errors.get(0)).isInstanceOfSatisfying(TruncatedFrameException.class, (error) -> {
			assertThat(error.byteCount()).isEqualTo(4);
			assertThat(error.pipeName()).isEqualTo("events");
			assertThat(error.getMessage()).contains("4 bytes without their 0x00 delimiter");
		});
		assertThat(sink.errors.get(1)).isInstanceOf(FrameTooLargeException.class);
	}

	@Test
	void findsTheDelimiterAtEveryOffsetWhateverTheBufferOrderAndKind() {
		byte[] bytes = new byte[100];
		for (int zero = 0; zero <= bytes.length; zero++) {
			for (int i = 0; i < bytes.length; i++) {
				// Neighbours that trip naive SWAR tricks: 0x01 and 0x80 around the zero, 0xff elsewhere.
				bytes[i] = (byte) ((i == zero - 1) ? 0x80 : (i == zero + 1) ? 0x01 : 0xff);
			}
			if (zero < bytes.length) {
				bytes[zero] = 0;
			}
			int expected = (zero < bytes.length) ? zero : -1;
			for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
				assertThat(Base64Delimiters.indexOf(ByteBuffer.wrap(bytes).order(order), 0, bytes.length))
					.isEqualTo(expected);
				assertThat(Base64Delimiters.indexOf(Bytes.direct(bytes, 0, bytes.length, order), 0, bytes.length))
					.isEqualTo(expected);
				assertThat(Base64Delimiters.indexOf(ByteBuffer.wrap(bytes).order(order), 3, 3 + 17))
					.isEqualTo((zero >= 3 && zero < 20) ? zero : -1);
				assertThat(Base64Delimiters.indexOf(Bytes.direct(bytes, 0, bytes.length, order), 5, 5 + 70))
					.isEqualTo((zero >= 5 && zero < 75) ? zero : -1);
			}
		}
	}

	@Test
	void decodesWhatTheJdkEncodes() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] payload = new byte[3000];
		new java.util.Random(42).nextBytes(payload);
		byte[] frame = Bytes.concat(Base64.getEncoder().encode(payload), new byte[1]);
		RecordingSink sink = new RecordingSink().feed(codec.newDecoder("events"),
				Bytes.direct(frame, 0, frame.length, ByteOrder.nativeOrder()));
		assertThat(sink.frames).containsExactly(payload);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void decodingAllocatesThePayloadsOnly(boolean direct) throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] frame = codec.encode(new byte[99]);
		ByteBuffer stream = direct ? ByteBuffer.allocateDirect(1000 * frame.length) : ByteBuffer.allocate(1000 * frame.length);
		for (int i = 0; i < 1000; i++) {
			stream.put(frame);
		}
		stream.flip();
		FrameDecoder decoder = codec.newDecoder("events");
		CountingSink sink = new CountingSink();
		decoder.decode(stream.duplicate(), sink);

		long allocated = Allocations.measure(() -> decoder.decode(stream.duplicate(), sink));

		assertThat(sink.frames).isEqualTo(2000);
		assertThat(sink.errors).isZero();
		assertThat(allocated).isLessThan(1000 * CountingSink.arrayFootprint(99) + 16 * 1024);
	}

	@ParameterizedTest
	@ValueSource(ints = { 100, 3000, 30_000 })
	void datagramsCutByEveryReadAllocateTheirPayloadsOnly(int size) throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] frame = codec.encode(new byte[size]);
		int count = 4 * 1024 * 1024 / frame.length;
		byte[] stream = new byte[count * frame.length];
		for (int i = 0; i < count; i++) {
			System.arraycopy(frame, 0, stream, i * frame.length, frame.length);
		}
		// reads of a size no frame divides, so that nearly every read ends inside a datagram
		ByteBuffer chunk = ByteBuffer.allocateDirect(65_521);
		FrameDecoder decoder = codec.newDecoder("events");
		CountingSink sink = new CountingSink();
		Runnable feedAll = () -> {
			for (int from = 0; from < stream.length; from += chunk.capacity()) {
				chunk.clear().put(stream, from, Math.min(chunk.capacity(), stream.length - from)).flip();
				decoder.decode(chunk, sink);
			}
		};
		feedAll.run();

		long allocated = Allocations.measure(feedAll);

		assertThat(sink.frames).isEqualTo(2 * count);
		assertThat(sink.errors).isZero();
		assertThat(allocated).isLessThan(count * CountingSink.arrayFootprint(size) + 16 * 1024);
	}

	@Test
	void largeDatagramsArrivingInChunksAllocateAboutOnePayloadEach() throws Exception {
		Base64Codec codec = new Base64Codec();
		int size = 1024 * 1024;
		byte[] frame = codec.encode(new byte[size]);
		ByteBuffer chunk = ByteBuffer.allocateDirect(256 * 1024);
		FrameDecoder decoder = codec.newDecoder("events");
		CountingSink sink = new CountingSink();
		Runnable feedFive = () -> {
			for (int message = 0; message < 5; message++) {
				for (int from = 0; from < frame.length; from += chunk.capacity()) {
					chunk.clear().put(frame, from, Math.min(chunk.capacity(), frame.length - from)).flip();
					decoder.decode(chunk, sink);
				}
			}
		};
		feedFive.run();

		long allocated = Allocations.measure(feedFive);

		assertThat(sink.frames).isEqualTo(10);
		assertThat(sink.errors).isZero();
		// the gathering buffer, grown for the first datagram, is reused: each datagram costs its payload
		assertThat(allocated).isLessThan(5 * CountingSink.arrayFootprint(size) + 16 * 1024);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 1000, 1024, 4096, 65536, 300_000 })
	void longDatagramsSplitAcrossReadsDecodeAndFailAsWholeOnesDo(int readSize) throws Exception {
		Base64Codec codec = new Base64Codec(200_000);
		Random random = new Random(readSize);
		List<byte[]> datagrams = new java.util.ArrayList<>();
		for (int size : new int[] { 3000, 3001, 3002, 100_000, 100_001, 100_002, 5 }) {
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			byte[] frame = codec.encode(payload);
			datagrams.add(frame);
			if (size < 100) {
				continue;
			}
			// the same text spoilt: early, in the middle, near and in the final unit, or cut short; each
			// followed by a good datagram, so that each is a rejected frame of its own (a run of bad
			// ones after the first would be one skipped stretch)
			byte[] separator = codec.encode(new byte[] { (byte) size });
			for (int at : new int[] { 10, frame.length / 2, frame.length - 12, frame.length - 3, frame.length - 2 }) {
				for (byte bad : new byte[] { '*', '=', (byte) 0x80 }) {
					byte[] spoilt = frame.clone();
					spoilt[at] = bad;
					datagrams.add(spoilt);
					datagrams.add(separator);
				}
			}
			datagrams.add(Bytes.concat(Arrays.copyOf(frame, frame.length - 2), new byte[1]));
			datagrams.add(separator);
		}
		byte[] stream = Bytes.concat(datagrams);
		RecordingSink whole = new RecordingSink().feed(codec.newDecoder("events"), stream);

		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink split = new RecordingSink();
		for (int from = 0; from < stream.length; from += readSize) {
			int to = Math.min(from + readSize, stream.length);
			split.feed(decoder, Bytes.direct(stream, from, to, ByteOrder.BIG_ENDIAN));
		}

		assertThat(decoder.bufferedBytes()).isZero();
		assertThat(split.frames).hasSize(whole.frames.size()).hasSizeGreaterThan(7);
		for (int i = 0; i < whole.frames.size(); i++) {
			assertThat(split.frames.get(i)).as("frame %d", i).isEqualTo(whole.frames.get(i));
		}
		assertThat(split.errors).hasSize(whole.errors.size()).hasSizeGreaterThan(80);
		for (int i = 0; i < whole.errors.size(); i++) {
			assertThat(split.errors.get(i)).as("error %d", i)
				.hasMessage(whole.errors.get(i).getMessage())
				.isExactlyInstanceOf(whole.errors.get(i).getClass());
		}
	}

	@Test
	void aLongDatagramOutgrowingTheMaximumAcrossReadsIsReportedOnceAndSkipped() throws Exception {
		Base64Codec codec = new Base64Codec(10_000);
		byte[] stream = Bytes.concat(new Base64Codec().encode(new byte[9000]), codec.encode(HELLO),
				codec.encode(new byte[7500]), codec.encode(WORLD));
		FrameDecoder decoder = codec.newDecoder("events");
		RecordingSink sink = new RecordingSink();
		for (int from = 0; from < stream.length; from += 3000) {
			sink.feed(decoder, Bytes.direct(stream, from, Math.min(from + 3000, stream.length), ByteOrder.LITTLE_ENDIAN));
		}
		assertThat(sink.frames).hasSize(3);
		assertThat(sink.frames.get(0)).isEqualTo(HELLO);
		assertThat(sink.frames.get(1)).isEqualTo(new byte[7500]);
		assertThat(sink.frames.get(2)).isEqualTo(WORLD);
		assertThat(sink.errors).singleElement()
			.isInstanceOf(FrameTooLargeException.class)
			.satisfies((error) -> assertThat(error.getMessage()).contains("base64 datagram of at least 12000 bytes"));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
