"""Checks the client's framings against the project's shared wire vectors, and its refusal of pipes
and directories the app would refuse: python3 -m unittest."""

import json
import os
import pathlib
import stat
import tempfile
import time
import unittest

from xpipe_client import (Base64Codec, FatalFrameError, FrameError, LengthCrc32Codec, UnsafePathError,
                          check_directory, open_for_reading, open_for_writing)


def _find_vectors():
    """shared/interop/vectors.json beside the project: in the nearest ancestor directory holding it."""
    for directory in pathlib.Path(__file__).resolve().parents:
        candidate = directory / "shared" / "interop" / "vectors.json"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("shared/interop/vectors.json in no directory above " + __file__)


VECTORS = _find_vectors()
NOBODY = 65534


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


class SafetyTests(unittest.TestCase):
    """The client uses only what the app would: FIFOs of this user that only this user can use, in
    a directory only this user can write to, below directories nobody else can write to."""

    def setUp(self):
        self._temp = tempfile.TemporaryDirectory()
        self.addCleanup(self._temp.cleanup)
        self.base = os.path.join(self._temp.name, "pipes")
        os.mkdir(self.base, 0o700)
        os.chmod(self.base, 0o700)

    def fifo(self, name, mode=0o600):
        path = os.path.join(self.base, name)
        os.mkfifo(path)
        os.chmod(path, mode)
        return path

    def soon(self):
        return time.monotonic() + 0.2

    def test_uses_a_fifo_of_this_user_that_only_this_user_can_use(self):
        reply_fd, keep_open = open_for_reading(self.fifo("outbox"), self.soon())
        request_fd = open_for_writing(os.path.join(self.base, "outbox"), self.soon())
        for fd in (reply_fd, keep_open, request_fd):
            os.close(fd)
        check_directory(self.base)

    def test_refuses_a_fifo_others_can_read_unless_allowed(self):
        path = self.fifo("outbox", 0o644)
        with self.assertRaisesRegex(UnsafePathError, r"others than you can use it \(rw-r--r--\)"):
            open_for_reading(path, self.soon())
        reply_fd, keep_open = open_for_reading(path, self.soon(), allow_wider=True)
        os.close(reply_fd)
        os.close(keep_open)

    def test_refuses_a_symbolic_link_and_a_regular_file(self):
        target = self.fifo("real")
        link = os.path.join(self.base, "outbox")
        os.symlink(target, link)
        with self.assertRaisesRegex(UnsafePathError, "symbolic link"):
            open_for_reading(link, self.soon())
        regular = os.path.join(self.base, "inbox")
        pathlib.Path(regular).write_text("not a pipe")
        with self.assertRaisesRegex(UnsafePathError, "not a named pipe"):
            open_for_writing(regular, self.soon())
        self.assertEqual(pathlib.Path(regular).read_text(), "not a pipe")

    @unittest.skipUnless(os.geteuid() == 0, "needs root to give a FIFO to another user")
    def test_refuses_a_fifo_of_another_user(self):
        path = self.fifo("outbox")
        os.chown(path, NOBODY, NOBODY)
        with self.assertRaisesRegex(UnsafePathError, "belongs to uid %d" % NOBODY):
            open_for_reading(path, self.soon())
        self.assertEqual(os.lstat(path).st_uid, NOBODY)

    def test_refuses_a_base_directory_others_can_write_to(self):
        os.chmod(self.base, 0o777)
        with self.assertRaisesRegex(UnsafePathError, "chmod go-w " + self.base):
            check_directory(self.base)

    def test_refuses_a_directory_above_that_others_can_write_to_unless_sticky(self):
        above = os.path.dirname(self.base)
        os.chmod(above, 0o777)
        with self.assertRaisesRegex(UnsafePathError, "above it is writable by group or others"):
            check_directory(self.base)
        os.chmod(above, 0o1777)
        check_directory(self.base)

    @unittest.skipUnless(os.geteuid() == 0, "needs root to give a directory to another user")
    def test_refuses_a_runtime_directory_of_another_user(self):
        runtime = os.path.join(self._temp.name, "run-user")
        os.mkdir(runtime, 0o700)
        os.chown(runtime, NOBODY, NOBODY)
        with self.assertRaisesRegex(UnsafePathError, "another user's runtime directory"):
            check_directory(self.base, runtime_dir=runtime)


if __name__ == "__main__":
    unittest.main()
