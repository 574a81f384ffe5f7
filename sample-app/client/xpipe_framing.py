"""The two xpipe wire framings, byte for byte as the xpipe sample app speaks them (standard library only).

  length-crc32  [u32 messageLength][u32 dataLength][data][u32 crc32], messageLength = dataLength + 8
  base64        base64(data) 0x00

Used by xpipe_client.py; see ../../docs/wire-formats.md.
"""

import base64
import struct
import zlib

DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024


class FrameError(Exception):
    """A frame that was rejected; the decoder has skipped it and goes on with the next one."""


class FatalFrameError(FrameError):
    """A length that cannot be trusted: the rest of this byte stream cannot be decoded."""


# --- length-crc32 ---------------------------------------------------------------------------

class LengthCrc32Codec:
    """[u32 messageLength][u32 dataLength][data][u32 crc32] with one byte order for all three."""

    def __init__(self, byte_order="little", crc=True, max_message_size=DEFAULT_MAX_MESSAGE_SIZE):
        prefix = "<" if byte_order == "little" else ">"
        self.header = struct.Struct(prefix + "II")  # messageLength, dataLength
        self.trailer = struct.Struct(prefix + "I")  # crc32
        self.crc = crc
        self.max_message_size = max_message_size

    def encode(self, data):
        if len(data) > self.max_message_size:
            raise FrameError(f"message of {len(data)} bytes is over the maximum of {self.max_message_size}")
        checksum = zlib.crc32(data) & 0xFFFFFFFF if self.crc else 0
        return self.header.pack(len(data) + 8, len(data)) + data + self.trailer.pack(checksum)

    def decoder(self):
        return LengthCrc32Decoder(self)


class LengthCrc32Decoder:
    """Streaming decoder: feed() any chunks, then take messages with next_message()."""

    def __init__(self, codec):
        self._codec = codec
        self._buffer = bytearray()
        self._start = 0

    def feed(self, chunk):
        if self._start and self._start * 2 >= len(self._buffer):
            del self._buffer[:self._start]
            self._start = 0
        self._buffer += chunk

    def next_message(self):
        """The next message, None until one is complete; raises FrameError for a rejected frame."""
        codec = self._codec
        available = len(self._buffer) - self._start
        if available < 8:
            return None
        message_length, data_length = codec.header.unpack_from(self._buffer, self._start)
        if message_length != data_length + 8:
            raise FatalFrameError(f"malformed frame: messageLength {message_length} is not "
                                  f"dataLength {data_length} + 8")
        if data_length > codec.max_message_size:
            raise FatalFrameError(f"frame of {data_length} bytes is over the maximum of {codec.max_message_size}")
        if available < 12 + data_length:
            return None
        data_start = self._start + 8
        data = bytes(self._buffer[data_start:data_start + data_length])
        (checksum,) = codec.trailer.unpack_from(self._buffer, data_start + data_length)
        self._start = data_start + data_length + 4
        if codec.crc:
            actual = zlib.crc32(data) & 0xFFFFFFFF
            if actual != checksum:
                raise FrameError(f"CRC mismatch in a frame of {data_length} bytes: "
                                 f"expected {checksum:08x}, computed {actual:08x}")
        return data


# --- base64 ---------------------------------------------------------------------------------

class Base64Codec:
    """base64(data) followed by one 0x00 delimiter byte."""

    def __init__(self, max_message_size=DEFAULT_MAX_MESSAGE_SIZE):
        self.max_message_size = max_message_size
        self.max_datagram_size = 4 * ((max_message_size + 2) // 3)

    def encode(self, data):
        if len(data) > self.max_message_size:
            raise FrameError(f"message of {len(data)} bytes is over the maximum of {self.max_message_size}")
        return base64.b64encode(data) + b"\x00"

    def decoder(self):
        return Base64Decoder(self)


class Base64Decoder:
    """Streaming decoder: feed() any chunks, then take messages with next_message()."""

    def __init__(self, codec):
        self._codec = codec
        self._buffer = bytearray()
        self._start = 0
        self._skipped = 0  # > 0 while skipping an oversized datagram up to its delimiter

    def feed(self, chunk):
        if self._start and self._start * 2 >= len(self._buffer):
            del self._buffer[:self._start]
            self._start = 0
        self._buffer += chunk

    def next_message(self):
        """The next message, None until one is complete; raises FrameError for a rejected datagram."""
        limit = self._codec.max_datagram_size
        end = self._buffer.find(b"\x00", self._start)
        if self._skipped:
            if end < 0:
                self._skipped += len(self._buffer) - self._start
                self._start = len(self._buffer)
                return None
            skipped = self._skipped + end - self._start
            self._skipped = 0
            self._start = end + 1
            raise FrameError(f"datagram of {skipped} encoded bytes is over the maximum of {limit}")
        if end < 0:
            if len(self._buffer) - self._start > limit:
                self._skipped = len(self._buffer) - self._start
                self._start = len(self._buffer)
            return None
        datagram = bytes(self._buffer[self._start:end])
        self._start = end + 1
        if len(datagram) > limit:
            raise FrameError(f"datagram of {len(datagram)} encoded bytes is over the maximum of {limit}")
        try:
            data = base64.b64decode(datagram, validate=True)
        except ValueError as ex:
            raise FrameError(f"invalid Base64 in a datagram of {len(datagram)} bytes: {ex}") from None
        if base64.b64encode(data) != datagram:
            raise FrameError(f"invalid Base64 in a datagram of {len(datagram)} bytes: not canonical padded Base64")
        return data
