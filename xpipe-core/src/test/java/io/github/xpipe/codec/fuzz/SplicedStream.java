package io.github.xpipe.codec.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;

/**
 * Good frames with garbage spliced in, and what a resynchronising decoder must make of them: it knows
 * which frames the garbage touched, so it knows which payloads must come out.
 *
 * <p>Garbage is inserted before given offsets of the clean stream of frames. A frame is touched when
 * garbage lands inside it; in {@code base64} also when garbage lands just before it without ending in
 * a delimiter (the garbage then prefixes its text). The stream may also start at an offset into the
 * spliced stream, as a reader started on a pipe that held bytes; frames before that offset, or cut by
 * it, are lost, and in {@code base64} so is a frame that starts exactly there (resynchronising drops
 * up to the next delimiter, since nothing marks a datagram's start).
 *
 * <p>For {@code length-crc32} it also finds, by brute force, every range of the stream that a decoder
 * could take for a frame: a header consistent in an order the decoder reads, within the maximum, with
 * a CRC field that verifies under the codec's check. Ranges other than the untouched frames are
 * <em>spurious</em> when they verify and <em>decoys</em> when they do not.
 */
final class SplicedStream {

	final FrameCodec codec;

	final byte[] bytes;

	/** The payloads of the frames no garbage touched, in order. */
	final List<byte[]> untouched = new ArrayList<>();

	/** Where the untouched frames start in {@link #bytes}. */
	private final List<Integer> untouchedStarts = new ArrayList<>();

	SplicedStream(FrameCodec codec, List<byte[]> payloads, TreeMap<Integer, byte[]> garbageByOffset, int startAt)
			throws FrameTooLargeException {
		this.codec = codec;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int clean = 0;
		List<int[]> spans = new ArrayList<>();
		for (byte[] payload : payloads) {
			byte[] frame = codec.encode(payload);
			int start = clean;
			int end = clean + frame.length;
			boolean touched = false;
			for (var splice : garbageByOffset.subMap(start, true, end, false).entrySet()) {
				touched |= splice.getKey() > start || !endsWithDelimiterOrIsNotBase64(splice.getValue());
			}
			spans.add(new int[] { start, touched ? 1 : 0 });
			clean = end;
			writeWithGarbage(out, frame, start, garbageByOffset);
		}
		if (!garbageByOffset.isEmpty() && garbageByOffset.lastKey() > clean) {
			throw new IllegalArgumentException("Garbage at " + garbageByOffset.lastKey() + ", past the clean stream's "
					+ clean + " bytes");
		}
		byte[] after = garbageByOffset.get(clean);
		if (after != null) {
			out.writeBytes(after);
		}
		byte[] spliced = out.toByteArray();
		int skip = Math.min(startAt, spliced.length);
		this.bytes = java.util.Arrays.copyOfRange(spliced, skip, spliced.length);
		for (int i = 0; i < payloads.size(); i++) {
			int start = splicedOffset(spans.get(i)[0], garbageByOffset, true);
			boolean lostToStart = skip > 0 && ((codec.framing() == Framing.BASE64) ? start <= skip : start < skip);
			if (spans.get(i)[1] == 0 && !lostToStart) {
				this.untouched.add(payloads.get(i));
				this.untouchedStarts.add(start - skip);
			}
		}
	}

	/** The length of the frame of a payload of {@code size} bytes. */
	static int frameLength(FrameCodec codec, int size) {
		try {
			return codec.encodedLength(size);
		}
		catch (FrameTooLargeException ex) {
			throw new IllegalArgumentException("A payload of " + size + " bytes does not fit " + codec, ex);
		}
	}

	private boolean endsWithDelimiterOrIsNotBase64(byte[] garbage) {
		return this.codec.framing() != Framing.BASE64 || garbage[garbage.length - 1] == 0;
	}

	private static void writeWithGarbage(ByteArrayOutputStream out, byte[] frame, int start,
			TreeMap<Integer, byte[]> garbageByOffset) {
		int written = 0;
		for (var splice : garbageByOffset.subMap(start, true, start + frame.length, false).entrySet()) {
			int at = splice.getKey() - start;
			out.write(frame, written, at - written);
			out.writeBytes(splice.getValue());
			written = at;
		}
		out.write(frame, written, frame.length - written);
	}

	/** Where clean offset {@code offset} lies in the spliced stream: after the garbage inserted before it. */
	private static int splicedOffset(int offset, TreeMap<Integer, byte[]> garbageByOffset, boolean afterGarbageThere) {
		int shift = 0;
		for (var splice : garbageByOffset.headMap(offset, afterGarbageThere).values()) {
			shift += splice.length;
		}
		return offset + shift;
	}

	/**
	 * The data of every range a {@code length-crc32} decoder could take for a frame, other than the
	 * untouched frames: spurious (verifying) ranges if {@code verifying}, else decoys.
	 */
	List<byte[]> lookalikes(boolean verifying) {
		LengthCrc32Codec lengthCrc32 = (LengthCrc32Codec) this.codec;
		List<byte[]> found = new ArrayList<>();
		for (int p = 0; p + LengthCrc32Codec.FRAME_OVERHEAD <= this.bytes.length; p++) {
			if (this.untouchedStarts.contains(p)) {
				continue;
			}
			for (ByteOrder order : readOrders(lengthCrc32)) {
				ByteBuffer view = ByteBuffer.wrap(this.bytes).order(order);
				long messageLength = Integer.toUnsignedLong(view.getInt(p));
				long dataLength = Integer.toUnsignedLong(view.getInt(p + 4));
				if (dataLength > lengthCrc32.maxMessageSize() || messageLength != dataLength + 8) {
					continue;
				}
				int end = (int) Math.min(this.bytes.length, p + 12 + dataLength);
				boolean complete = end == p + 12 + dataLength;
				byte[] data = java.util.Arrays.copyOfRange(this.bytes, p + 8, Math.max(p + 8, end - 4));
				boolean verifies = complete && verifies(lengthCrc32.crcCheck(), data, view.getInt(end - 4));
				if (verifies == verifying) {
					found.add(data);
				}
			}
		}
		return found;
	}

	private static List<ByteOrder> readOrders(LengthCrc32Codec codec) {
		return (codec.readByteOrder() == ReadByteOrder.PINNED) ? List.of(codec.byteOrder())
				: List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN);
	}

	private static boolean verifies(CrcCheck check, byte[] data, int field) {
		if (check == CrcCheck.OFF || (field == 0 && check == CrcCheck.LENIENT)) {
			return true;
		}
		CRC32 crc = new CRC32();
		crc.update(data);
		return (int) crc.getValue() == field;
	}

}
