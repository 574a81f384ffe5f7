#!/usr/bin/env python3
"""A Python peer for xpipe's interop tests (standard library only).

It speaks the two framings exactly as the Python named-pipe libraries do:

* base64:       base64.b64encode(data) + b"\\x00"
* length-crc32: struct.pack(order + "II", len(data) + 8, len(data)) + data
                + struct.pack(order + "I", zlib.crc32(data) if crc else 0)

and opens the FIFO with plain blocking os.open, as they do.

    send    --path P --framing F [--byte-order little|big] [--no-crc] --count N --max-size B --seed S --digests FILE
    receive --path P --framing F [--byte-order little|big] [--no-crc] --max-size B --digests FILE

Both write one line per message to --digests: "<length> <sha256 hex>", in order. A receiver that meets
a frame it must reject prints why on stderr and exits with status 3.
"""

import argparse
import base64
import binascii
import hashlib
import math
import os
import random
import struct
import sys
import zlib

READ_SIZE = 1 << 20


class RejectedFrame(Exception):
    pass


def encode(data, args):
    if args.framing == "base64":
        return base64.b64encode(data) + b"\x00"
    order = "<" if args.byte_order == "little" else ">"
    checksum = (zlib.crc32(data) & 0xFFFFFFFF) if args.crc else 0
    return struct.pack(order + "II", len(data) + 8, len(data)) + data + struct.pack(order + "I", checksum)


class Base64Decoder:
    """Datagrams up to each 0x00; every byte is scanned once."""

    def __init__(self, args):
        self.buffer = bytearray()
        self.scanned = 0
        self.max_encoded_size = 4 * ((args.max_size + 2) // 3)

    def feed(self, chunk):
        self.buffer += chunk
        start = 0
        while True:
            end = self.buffer.find(b"\x00", max(start, self.scanned))
            if end < 0:
                break
            datagram = bytes(self.buffer[start:end])
            if len(datagram) > self.max_encoded_size:
                raise RejectedFrame("datagram of %d bytes is over the maximum" % len(datagram))
            try:
                yield base64.b64decode(datagram, validate=True)
            except binascii.Error as error:
                raise RejectedFrame("invalid base64: %s" % error)
            start = end + 1
        del self.buffer[:start]
        self.scanned = len(self.buffer)

    def remaining(self):
        return len(self.buffer)


class LengthCrc32Decoder:
    def __init__(self, args):
        self.buffer = bytearray()
        self.order = "<" if args.byte_order == "little" else ">"
        self.crc = args.crc
        self.max_size = args.max_size

    def feed(self, chunk):
        self.buffer += chunk
        position = 0
        available = len(self.buffer)
        while available - position >= 8:
            message_length, data_length = struct.unpack_from(self.order + "II", self.buffer, position)
            if message_length != data_length + 8:
                raise RejectedFrame("malformed frame: messageLength %d, dataLength %d" % (message_length, data_length))
            if data_length > self.max_size:
                raise RejectedFrame("frame of %d bytes is over the maximum" % data_length)
            if available - position < 4 + message_length:
                break
            start = position + 8
            data = bytes(self.buffer[start:start + data_length])
            (checksum,) = struct.unpack_from(self.order + "I", self.buffer, start + data_length)
            if self.crc and checksum != (zlib.crc32(data) & 0xFFFFFFFF):
                raise RejectedFrame("CRC mismatch in a frame of %d bytes" % data_length)
            yield data
            position += 4 + message_length
        del self.buffer[:position]

    def remaining(self):
        return len(self.buffer)


def digest_line(data):
    return "%d %s\n" % (len(data), hashlib.sha256(data).hexdigest())


def random_size(rng, max_size):
    """Half uniform over [0, max_size], half log-uniform, so that small frames are common too."""
    if rng.random() < 0.5:
        return rng.randint(0, max_size)
    return min(max_size, int(round(2 ** (rng.random() * math.log2(max_size + 1)))) - 1)


def write_all(fd, frame):
    view = memoryview(frame)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def send(args):
    rng = random.Random(args.seed)
    pool = rng.randbytes(args.max_size + 65536)
    lines = []
    fd = os.open(args.path, os.O_WRONLY)
    try:
        for _ in range(args.count):
            size = random_size(rng, args.max_size)
            offset = rng.randrange(65536)
            data = pool[offset:offset + size]
            write_all(fd, encode(data, args))
            lines.append(digest_line(data))
    finally:
        os.close(fd)
    with open(args.digests, "w") as out:
        out.writelines(lines)


def receive(args):
    decoder = Base64Decoder(args) if args.framing == "base64" else LengthCrc32Decoder(args)
    lines = []
    fd = os.open(args.path, os.O_RDONLY)
    try:
        while True:
            chunk = os.read(fd, READ_SIZE)
            if not chunk:
                break
            for data in decoder.feed(chunk):
                lines.append(digest_line(data))
    except RejectedFrame as error:
        print("rejected frame after %d good messages: %s" % (len(lines), error), file=sys.stderr)
        sys.exit(3)
    finally:
        os.close(fd)
    with open(args.digests, "w") as out:
        out.writelines(lines)
    if decoder.remaining():
        print("stream ended inside a frame (%d bytes left)" % decoder.remaining(), file=sys.stderr)
        sys.exit(3)


def main():
    parser = argparse.ArgumentParser(description="xpipe interop peer")
    parser.add_argument("mode", choices=["send", "receive"])
    parser.add_argument("--path", required=True)
    parser.add_argument("--framing", choices=["base64", "length-crc32"], required=True)
    parser.add_argument("--byte-order", choices=["little", "big"], default="little")
    parser.add_argument("--no-crc", dest="crc", action="store_false")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--max-size", type=int, required=True, help="largest message, in bytes")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--digests", required=True)
    args = parser.parse_args()
    if args.mode == "send":
        send(args)
    else:
        receive(args)


if __name__ == "__main__":
    main()
