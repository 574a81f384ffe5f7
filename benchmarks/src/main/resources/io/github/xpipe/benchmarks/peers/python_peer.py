"""Python peer for the xpipe benchmark, standard library only, written the way users run it today.

  python_peer.py reader <fifo> <framing> <verify> <warmup_ms>
  python_peer.py writer <fifo> <framing> <payload> <duration_ms> <count> <verify>
  python_peer.py pingserver <fifo_in> <fifo_out>
  python_peer.py pingclient <fifo_out> <fifo_in> <duration_ms> <warmup_ms> <count>
  python_peer.py echo <fifo_in> <fifo_out> <framing>

echo is the naive request/reply service: it creates both FIFOs, reads 64 KiB at a time and answers
each request with the same payload, one os.write per reply (length-crc32: struct + zlib.crc32; base64:
split on 0x00, b64decode, b64encode), until its input ends.

framing: b64 (Base64 datagram + 0x00, one os.write per message; the reader reads 64 KiB at a time and
splits on 0x00) or lcrc (length + CRC32 frames built with struct and zlib.crc32, little-endian).
Writers end with an empty message. Each process prints one "RESULT key=value ..." line; readers
print "READY" first, once their FIFO exists.
"""

import base64
import binascii
import os
import struct
import sys
import time
import zlib

READ_SIZE = 64 * 1024
HEADER = struct.Struct("<II")
TRAILER = struct.Struct("<I")
MASK = (1 << 64) - 1


def message_checksum(payload, verify):
    total = int.from_bytes(payload[:8], "little") + len(payload)
    if verify:
        total += zlib.crc32(payload)
    return total


def encode(framing, payload):
    if framing == "b64":
        return base64.b64encode(payload) + b"\x00"
    return HEADER.pack(len(payload) + 8, len(payload)) + payload + TRAILER.pack(zlib.crc32(payload))


def make_fifo(path):
    if not os.path.exists(path):
        os.mkfifo(path, 0o600)


class Reader:

    def __init__(self, verify, warmup_ns):
        self.verify = verify
        self.warmup_ns = warmup_ns
        self.messages = self.bytes = self.checksum = self.errors = 0
        self.first = self.warm_at = self.last = 0
        self.warm_messages = self.messages_at_last = 0
        self.done = False

    def on_message(self, payload):
        if not payload:
            self.done = True
            return
        if not self.first:
            self.first = time.monotonic_ns()
        self.messages += 1
        self.bytes += len(payload)
        self.checksum += message_checksum(payload, self.verify)

    def after_read(self):
        if self.messages == self.messages_at_last:
            return  # no new message (say, the terminator alone): the window does not move
        self.messages_at_last = self.messages
        t = time.monotonic_ns()
        if not self.first:
            self.first = t
        if not self.warm_at and self.warmup_ns and t - self.first >= self.warmup_ns:
            self.warm_at, self.warm_messages = t, self.messages
        self.last = t

    def result(self):
        warm = self.warm_at and self.messages > self.warm_messages
        start = self.warm_at if warm else self.first
        base = self.warm_messages if warm else 0
        return "RESULT messages=%d bytes=%d checksum=%016x measured_messages=%d measured_nanos=%d errors=%d" % (
            self.messages, self.bytes, self.checksum & MASK, self.messages - base, self.last - start, self.errors)


def read_b64(fd, reader):
    pending = b""
    while not reader.done:
        chunk = os.read(fd, READ_SIZE)
        if not chunk:
            break
        parts = (pending + chunk).split(b"\x00")
        pending = parts.pop()
        for part in parts:
            try:
                payload = base64.b64decode(part, validate=True)
            except binascii.Error:
                reader.errors += 1
                continue
            reader.on_message(payload)
            if reader.done:
                break
        reader.after_read()


def read_lcrc(fd, reader):
    buffer = bytearray()
    while not reader.done:
        chunk = os.read(fd, READ_SIZE)
        if not chunk:
            break
        buffer += chunk
        pos = 0
        while len(buffer) - pos >= 8 and not reader.done:
            message_length, data_length = HEADER.unpack_from(buffer, pos)
            if message_length != data_length + 8:
                raise ValueError("malformed frame")
            end = pos + 8 + data_length
            if len(buffer) < end + 4:
                break
            payload = bytes(buffer[pos + 8:end])
            if zlib.crc32(payload) != TRAILER.unpack_from(buffer, end)[0]:
                reader.errors += 1
            else:
                reader.on_message(payload)
            pos = end + 4
        del buffer[:pos]
        reader.after_read()


def run_reader(path, framing, verify, warmup_ms):
    make_fifo(path)
    print("READY", flush=True)
    fd = os.open(path, os.O_RDONLY)
    reader = Reader(verify == "1", int(warmup_ms) * 1_000_000)
    (read_b64 if framing == "b64" else read_lcrc)(fd, reader)
    os.close(fd)
    print(reader.result(), flush=True)


def run_writer(path, framing, size, duration_ms, count, verify):
    size, count, verify = int(size), int(count), verify == "1"
    fd = os.open(path, os.O_WRONLY)
    deadline = time.monotonic_ns() + int(duration_ms) * 1_000_000
    check_every = 1 if size >= 1024 else 64
    payload = bytearray((i * 7 + 3) & 0xFF for i in range(size))
    sent = checksum = 0
    while (sent < count) if count > 0 else (sent % check_every or time.monotonic_ns() < deadline):
        payload[:8] = sent.to_bytes(8, "little")
        checksum += message_checksum(payload, verify)
        os.write(fd, encode(framing, bytes(payload)))
        sent += 1
    os.write(fd, encode(framing, b""))
    os.close(fd)
    print("RESULT messages=%d bytes=%d checksum=%016x" % (sent, sent * size, checksum & MASK), flush=True)


def read_exact(fd, n):
    data = b""
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            raise EOFError("pipe closed")
        data += chunk
    return data


def read_frame(fd):
    message_length, data_length = HEADER.unpack(read_exact(fd, 8))
    if message_length != data_length + 8:
        raise ValueError("malformed frame")
    rest = read_exact(fd, data_length + 4)
    payload = rest[:data_length]
    if zlib.crc32(payload) != TRAILER.unpack_from(rest, data_length)[0]:
        raise ValueError("CRC mismatch")
    return payload


def run_pingserver(path_in, path_out):
    make_fifo(path_in)
    make_fifo(path_out)
    print("READY", flush=True)
    fd_in = os.open(path_in, os.O_RDONLY)
    fd_out = os.open(path_out, os.O_WRONLY)
    echoed = 0
    while True:
        payload = read_frame(fd_in)
        os.write(fd_out, encode("lcrc", payload))
        if not payload:
            break
        echoed += 1
    print("RESULT messages=%d" % echoed, flush=True)


def run_pingclient(path_out, path_in, duration_ms, warmup_ms, count):
    fd_out = os.open(path_out, os.O_WRONLY)
    fd_in = os.open(path_in, os.O_RDONLY)
    count = int(count)
    start = time.monotonic_ns()
    warm_until = start + int(warmup_ms) * 1_000_000
    deadline = start + int(duration_ms) * 1_000_000
    payload = bytearray((i * 7 + 3) & 0xFF for i in range(64))
    rtts = []
    seq = checksum = 0
    while True:
        t0 = time.monotonic_ns()
        if (seq >= count) if count > 0 else (t0 >= deadline):
            break
        payload[:8] = seq.to_bytes(8, "little")
        os.write(fd_out, encode("lcrc", bytes(payload)))
        reply = read_frame(fd_in)
        t1 = time.monotonic_ns()
        if len(reply) != 64 or int.from_bytes(reply[:8], "little") != seq:
            raise ValueError("wrong echo")
        checksum += message_checksum(reply, True)
        if count > 0 or t0 >= warm_until:
            rtts.append(t1 - t0)
        seq += 1
    os.write(fd_out, encode("lcrc", b""))
    read_frame(fd_in)
    rtts.sort()
    p50 = rtts[len(rtts) // 2] if rtts else 0
    p99 = rtts[int(len(rtts) * 0.99)] if rtts else 0
    print("RESULT messages=%d checksum=%016x measured_messages=%d p50_nanos=%d p99_nanos=%d" % (
        seq, checksum & MASK, len(rtts), p50, p99), flush=True)


def run_echo(path_in, path_out, framing):
    make_fifo(path_in)
    make_fifo(path_out)
    print("READY", flush=True)
    fd_in = os.open(path_in, os.O_RDONLY)
    fd_out = os.open(path_out, os.O_WRONLY)
    pending = b""
    echoed = errors = 0
    while True:
        chunk = os.read(fd_in, READ_SIZE)
        if not chunk:
            break
        pending += chunk
        if framing == "b64":
            *frames, pending = pending.split(b"\x00")
            for frame in frames:
                try:
                    payload = base64.b64decode(frame, validate=True)
                except binascii.Error:
                    errors += 1
                    continue
                os.write(fd_out, base64.b64encode(payload) + b"\x00")
                echoed += 1
            continue
        pos = 0
        while len(pending) - pos >= 8:
            message_length, data_length = HEADER.unpack_from(pending, pos)
            if message_length != data_length + 8:
                raise ValueError("malformed frame")
            end = pos + 8 + data_length + 4
            if len(pending) < end:
                break
            payload = pending[pos + 8:end - 4]
            if zlib.crc32(payload) != TRAILER.unpack_from(pending, end - 4)[0]:
                errors += 1
            else:
                os.write(fd_out, HEADER.pack(len(payload) + 8, len(payload)) + payload
                         + TRAILER.pack(zlib.crc32(payload)))
                echoed += 1
            pos = end
        pending = pending[pos:]
    print("RESULT messages=%d errors=%d" % (echoed, errors), flush=True)


ROLES = {
    "reader": run_reader,
    "writer": run_writer,
    "pingserver": run_pingserver,
    "pingclient": run_pingclient,
    "echo": run_echo,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ROLES:
        sys.exit("usage: python_peer.py reader|writer|pingserver|pingclient|echo ...")
    ROLES[sys.argv[1]](*sys.argv[2:])
