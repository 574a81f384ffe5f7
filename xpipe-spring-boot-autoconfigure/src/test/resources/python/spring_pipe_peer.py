#!/usr/bin/env python3
"""A stand-alone named-pipe peer for the Spring integration tests (standard library only).

write PATH [options] ITEM...   opens PATH for writing and writes each ITEM in order:
    msg:<hex>   one message, framed with --framing
    raw:<hex>   these bytes as they are (e.g. a corrupted frame)
read PATH --count N [options]  opens PATH for reading, decodes N messages and prints each as a
                               line of hex on stdout, then exits

Options: --framing length-crc32|base64, --byte-order little|big, --no-crc.
Prints "ready" on stderr once the pipe is open, so a test can wait for it.
"""
import argparse
import base64
import binascii
import struct
import sys
import zlib


def frame(payload, args):
    if args.framing == "base64":
        return base64.b64encode(payload) + b"\x00"
    order = "<" if args.byte_order == "little" else ">"
    crc = zlib.crc32(payload) & 0xFFFFFFFF if args.crc else 0
    return struct.pack(order + "II", len(payload) + 8, len(payload)) + payload + struct.pack(order + "I", crc)


def write(args):
    with open(args.path, "wb", buffering=0) as pipe:
        print("ready", file=sys.stderr, flush=True)
        for item in args.items:
            kind, _, data = item.partition(":")
            payload = binascii.unhexlify(data)
            pipe.write(frame(payload, args) if kind == "msg" else payload)


def read_exactly(pipe, size):
    data = b""
    while len(data) < size:
        chunk = pipe.read(size - len(data))
        if not chunk:
            raise EOFError("pipe closed after %d of %d bytes" % (len(data), size))
        data += chunk
    return data


def read(args):
    order = "<" if args.byte_order == "little" else ">"
    with open(args.path, "rb", buffering=0) as pipe:
        print("ready", file=sys.stderr, flush=True)
        for _ in range(args.count):
            if args.framing == "base64":
                datagram = b""
                while True:
                    byte = read_exactly(pipe, 1)
                    if byte == b"\x00":
                        break
                    datagram += byte
                payload = base64.b64decode(datagram, validate=True)
            else:
                message_length, data_length = struct.unpack(order + "II", read_exactly(pipe, 8))
                if message_length != data_length + 8:
                    raise ValueError("malformed frame: %d != %d + 8" % (message_length, data_length))
                payload = read_exactly(pipe, data_length)
                (crc,) = struct.unpack(order + "I", read_exactly(pipe, 4))
                if args.crc and crc != zlib.crc32(payload) & 0xFFFFFFFF:
                    raise ValueError("CRC mismatch")
            print(binascii.hexlify(payload).decode("ascii"), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["write", "read"])
    parser.add_argument("path")
    parser.add_argument("items", nargs="*")
    parser.add_argument("--framing", default="length-crc32", choices=["length-crc32", "base64"])
    parser.add_argument("--byte-order", default="little", choices=["little", "big"])
    parser.add_argument("--no-crc", dest="crc", action="store_false")
    parser.add_argument("--count", type=int, default=1)
    args = parser.parse_args()
    write(args) if args.mode == "write" else read(args)


if __name__ == "__main__":
    main()
