#!/usr/bin/env python3
"""The Python npipes library as its code behaves, for xpipe's interop tests (standard library only).

npipes (pywin32, Windows) sends and receives one message per call, framed by its Message class:

    [u32 messageLength][u32 dataLength][data][u32 crc32]     messageLength = len(data) + 8

* all three fields are packed with struct in Message's byte order, big-endian by default
  (Message(endian='big'); its README says little-endian);
* data is the text encoded with Message's encoding, 'ascii' by default; text it cannot encode makes
  send_message print the error and send nothing;
* send_message(text, crc=False) writes a crc32 field of 0; with crc=True it writes the CRC-32/IEEE
  computed over the text's characters (the low byte of each code point, through the reflected
  0xEDB88320 table), which equals the CRC of the bytes for ASCII and Latin-1 text;
* receive_message(crc=False) parses exactly one message: dataLength from bytes 4-8 (messageLength is
  not looked at), data = bytes[8:8 + dataLength] decoded with the encoding, crc32 unpacked from all
  the bytes after the data (anything but exactly 4 bytes is an error); the CRC is checked only with
  crc=True, against the CRC over the decoded characters. On any error it prints it and returns ''.
* Every call makes its own connection (CreateNamedPipe/ConnectNamedPipe or CreateFile, one WriteFile
  or one ReadFile of at most 65536 bytes, CloseHandle).

This script reproduces the encoding and the parsing exactly; the connection is a transport:

* fifo (Linux, macOS): every send opens the FIFO for writing (blocking os.open), writes the frame
  with one os.write and closes it, as npipes connects per call. A FIFO is one byte stream, with no
  message boundaries, so receive keeps it open (opening it again when all writers have gone) and,
  standing in for a message-mode ReadFile, takes one frame per receive_message by its
  messageLength; like that ReadFile, it hands the parser at most the first 65536 bytes of a frame.

A Windows transport (the Win32 calls above, e.g. through ctypes) fits the same two functions,
send_frame and receive_frames.

    send PATH --count N [--crc] [--endian big|little] [--encoding ascii] [--seed S]
        sends N messages of printable ASCII ("npipes <i> <letters>"), each as npipes' send_message
        does, and prints each message it sent on a line of its own
    send PATH --text T [--text T ...] [options]
        sends the given texts instead; one that the encoding cannot encode is not sent, and the
        peer prints "not sent: <error>" for it
    receive PATH --count N [--crc] [--endian big|little] [--encoding ascii]
        receives N messages as npipes' receive_message does and prints "ok <text>" for each, or
        "rejected <error>" where receive_message would print the error and return ''

Prints "ready" on stderr once the pipe is open for reading (receive) or before the first send.
"""
import argparse
import os
import random
import string
import struct
import sys
import zlib

READ_LIMIT = 65536


class Message:
    """npipes' Message framing: encode a text, parse one frame."""

    def __init__(self, endian, encoding):
        self.order = ">" if endian == "big" else "<"
        self.encoding = encoding

    def encode(self, text, crc):
        data = text.encode(self.encoding)
        checksum = characters_crc32(text) if crc else 0
        return struct.pack(self.order + "II", len(data) + 8, len(data)) + data + struct.pack(self.order + "I", checksum)

    def parse(self, frame):
        """Returns (text, crc32 field), raising what npipes' read_msg raises on a malformed message."""
        (data_length,) = struct.unpack(self.order + "I", frame[4:8])
        text = frame[8:data_length + 8].decode(self.encoding)
        (checksum,) = struct.unpack(self.order + "I", frame[data_length + 8:])
        return text, checksum


def characters_crc32(text):
    """CRC-32/IEEE over the low byte of each character's code point, as npipes' table loop computes it."""
    return zlib.crc32(bytes(ord(character) & 0xFF for character in text)) & 0xFFFFFFFF


def send_frame(path, frame):
    """One connection per message: open, one write, close."""
    fd = os.open(path, os.O_WRONLY)
    try:
        written = os.write(fd, frame)
        if written != len(frame):
            raise IOError("short write: %d of %d bytes" % (written, len(frame)))
    finally:
        os.close(fd)


def read_exactly(fd, size):
    data = b""
    while len(data) < size:
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError("pipe closed after %d of %d bytes" % (len(data), size))
        data += chunk
    return data


def receive_frames(path, message, count):
    """Yields what a message-mode ReadFile of at most 65536 bytes would return, one frame at a time.

    When every writer has closed the FIFO between two frames (npipes-style senders connect per
    message), it is opened again, which waits for the next writer.
    """
    fd = os.open(path, os.O_RDONLY)
    print("ready", file=sys.stderr, flush=True)
    try:
        for _ in range(count):
            first = os.read(fd, 1)
            while not first:
                os.close(fd)
                fd = os.open(path, os.O_RDONLY)
                first = os.read(fd, 1)
            header = first + read_exactly(fd, 7)
            (message_length,) = struct.unpack(message.order + "I", header[:4])
            frame = header + read_exactly(fd, message_length - 4)
            yield frame[:READ_LIMIT]
    finally:
        os.close(fd)


def texts_to_send(args):
    if args.text:
        return args.text
    generator = random.Random(args.seed)
    texts = []
    for i in range(args.count):
        length = generator.choice([0, 1, 10, 100, 1000, generator.randint(0, 4000)])
        letters = "".join(generator.choice(string.ascii_letters + string.digits + " .,:;-_") for _ in range(length))
        texts.append("npipes %d %s" % (i, letters))
    return texts


def send(args):
    message = Message(args.endian, args.encoding)
    print("ready", file=sys.stderr, flush=True)
    for text in texts_to_send(args):
        try:
            frame = message.encode(text, args.crc)
        except UnicodeError as error:
            print("not sent: %s" % error, flush=True)
            continue
        send_frame(args.path, frame)
        print(text, flush=True)


def receive(args):
    message = Message(args.endian, args.encoding)
    for frame in receive_frames(args.path, message, args.count):
        try:
            text, checksum = message.parse(frame)
        except (struct.error, UnicodeError) as error:
            print("rejected %s" % error, flush=True)
            continue
        if args.crc and checksum != characters_crc32(text):
            print("rejected CRC: received %d, calculated %d" % (checksum, characters_crc32(text)), flush=True)
            continue
        print("ok " + text, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["send", "receive"])
    parser.add_argument("path")
    parser.add_argument("--count", type=int, default=1)
    parser.add_argument("--crc", action="store_true")
    parser.add_argument("--endian", default="big", choices=["big", "little"])
    parser.add_argument("--encoding", default="ascii")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--text", action="append")
    args = parser.parse_args()
    send(args) if args.mode == "send" else receive(args)


if __name__ == "__main__":
    main()
