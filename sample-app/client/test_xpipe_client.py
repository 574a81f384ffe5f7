"""Checks the client's framings against the project's shared wire vectors: python3 -m unittest."""

import json
import pathlib
import unittest

from xpipe_client import Base64Codec, FatalFrameError, FrameError, LengthCrc32Codec

VECTORS = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "interop" / "vectors.json"


def codec_for(vector, max_message_size=16 * 1024 * 1024):
    if vector["framing"] == "base64":
        return Base64Codec(max_message_size)
    return LengthCrc32Codec(vector["byteOrder"], vector["crc"], max_message_size)


def decode_all(codec, stream, chunk_size):
    decoder = codec.decoder()
    messages = []
    for start in range(0, len(stream), chunk_size):
        decoder.feed(stream[start:start + chunk_size])
        while (message := decoder.next_message()) is not None:
            messages.append(message)
    return messages


class WireVectorTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.vectors = json.loads(VECTORS.read_text(encoding="utf-8"))

    def payloads(self, vector):
        hexes = vector["payloadsHex"] if "payloadsHex" in vector else [vector["payloadHex"]]
        return [bytes.fromhex(h) for h in hexes]

    def test_encodes_every_vector_exactly(self):
        for vector in self.vectors["vectors"]:
            with self.subTest(vector["name"]):
                codec = codec_for(vector)
                frames = b"".join(codec.encode(payload) for payload in self.payloads(vector))
                self.assertEqual(frames.hex(), vector["frameHex"])

    def test_decodes_every_vector_whatever_the_read_boundaries(self):
        for vector in self.vectors["vectors"]:
            stream = bytes.fromhex(vector["frameHex"])
            for chunk_size in (1, 3, 7, len(stream) or 1):
                with self.subTest(vector["name"], chunk_size=chunk_size):
                    self.assertEqual(decode_all(codec_for(vector), stream, chunk_size), self.payloads(vector))

    def test_rejects_every_invalid_input_and_goes_on_when_it_can(self):
        good = b"next"
        for vector in self.vectors["invalid"]:
            with self.subTest(vector["name"]):
                codec = codec_for(vector, max_message_size=1024)
                decoder = codec.decoder()
                decoder.feed(bytes.fromhex(vector["frameHex"]) + codec.encode(good))
                with self.assertRaises(FrameError):
                    decoder.next_message()
                if vector["framing"] == "base64" or "crc" in vector["error"]:
                    self.assertEqual(decoder.next_message(), good)

    def test_untrusted_lengths_are_fatal(self):
        vector = next(v for v in self.vectors["invalid"] if v["name"].endswith("huge-length"))
        decoder = codec_for(vector, max_message_size=1024).decoder()
        decoder.feed(bytes.fromhex(vector["frameHex"]))
        with self.assertRaises(FatalFrameError):
            decoder.next_message()

    def test_skips_an_oversized_base64_datagram_without_buffering_it(self):
        codec = Base64Codec(max_message_size=6)  # at most 8 encoded bytes
        decoder = codec.decoder()
        for _ in range(100):
            decoder.feed(b"QUFB" * 1000)
            self.assertIsNone(decoder.next_message())
            self.assertLessEqual(len(decoder._buffer), 8 + 4000)
        decoder.feed(b"QUFB\x00" + codec.encode(b"ok"))
        with self.assertRaises(FrameError):
            decoder.next_message()
        self.assertEqual(decoder.next_message(), b"ok")


if __name__ == "__main__":
    unittest.main()
