#!/usr/bin/env python3
"""A peer that behaves on Linux exactly as the python-xp-named-pipe library does (standard library only).

What the library's code does on Linux, and this peer does the same way:

* ``with NamedPipe(path)``: ``os.mkfifo(path)`` on enter (default mode 0o666, less the umask) and
  ``os.unlink(path)`` on exit, so every use makes a new FIFO (another inode) at the same path.
* ``ReadPipeEnd`` / ``WritePipeEnd``: ``os.open(path, os.O_RDONLY)`` / ``os.open(path, os.O_WRONLY)``,
  blocking until the other side opens too; ``os.close`` on exit.
* ``read()`` is one ``os.read(fd, 65536)``; ``write(data)`` is one ``os.write(fd, data)``.
* ``Base64DatagrammeEncoderDecoder``: a message is ``base64(data) + b"\\x00"``; what a read returned is
  split at each 0x00, an incomplete datagram is kept for the next read, and an empty datagram at the
  end of a read is dropped.

    use PATH             one use that sends nothing: makes the FIFO, prints "created", waits for a
                         line on standard input, removes it
    send PATH COUNT      COUNT uses, each: make the FIFO, open it for writing, write one datagram of
                         b"w5:<i>:", close, remove it; prints "sent <i>"
    receive PATH COUNT   uses until COUNT messages arrived, each: make the FIFO, print
                         "listening <use>", open it for reading, read until a datagram is complete
                         (or the writer left), close, remove it; prints "recv <hex>" per message
"""
import base64
import os
import sys

READ_SIZE = 65536


class NamedPipe:
    """The library's NamedPipe on Linux: the FIFO exists for the duration of a ``with`` block."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        os.mkfifo(self.path)
        return self

    def __exit__(self, *exc):
        os.unlink(self.path)


class PipeEnd:
    """The library's ReadPipeEnd / WritePipeEnd on Linux: a blocking os.open, closed on exit."""

    def __init__(self, pipe, flags):
        self.pipe = pipe
        self.flags = flags
        self.fd = -1

    def __enter__(self):
        self.fd = os.open(self.pipe.path, self.flags)
        return self

    def __exit__(self, *exc):
        os.close(self.fd)

    def read(self):
        return os.read(self.fd, READ_SIZE)

    def write(self, data):
        return os.write(self.fd, data)


class Base64Datagrams:
    """The library's Base64DatagrammeEncoderDecoder: base64 + 0x00, one write per message."""

    def __init__(self, end):
        self.end = end
        self.pending = b""

    def write(self, message):
        self.end.write(base64.b64encode(message) + b"\x00")

    def read(self):
        """The messages of one read (reading again while no datagram is complete); [] once the writer left."""
        while True:
            chunk = self.end.read()
            if not chunk:
                return []
            parts = (self.pending + chunk).split(b"\x00")
            self.pending = parts.pop()
            if parts and parts[-1] == b"":
                parts.pop()  # the library drops an empty datagram at the end of a read
            if parts:
                return [base64.b64decode(part) for part in parts]


def use(path):
    with NamedPipe(path):
        print("created", flush=True)
        sys.stdin.readline()


def send(path, count):
    for i in range(1, count + 1):
        with NamedPipe(path) as pipe:
            with PipeEnd(pipe, os.O_WRONLY) as end:
                Base64Datagrams(end).write(b"w5:%d:" % i)
        print("sent", i, flush=True)


def receive(path, count):
    received = 0
    use = 0
    while received < count:
        use += 1
        with NamedPipe(path) as pipe:
            print("listening", use, flush=True)
            with PipeEnd(pipe, os.O_RDONLY) as end:
                for message in Base64Datagrams(end).read():
                    print("recv", message.hex(), flush=True)
                    received += 1


def main(argv):
    command, path = argv[1], argv[2]
    count = int(argv[3]) if len(argv) > 3 else 0
    if command == "use":
        use(path)
    elif command == "send":
        send(path, count)
    elif command == "receive":
        receive(path, count)
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main(sys.argv)
