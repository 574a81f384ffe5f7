#!/usr/bin/env python3
"""Talk to the xpipe sample app over its named pipes (Python 3, standard library only).

Echo mode (the default) sends each MESSAGE, or each line of standard input when no MESSAGE is
given, to the app's `inbox` pipe and prints every reply read from `outbox`, one per line, in
order. Orders mode (--orders) sends each ORDER to `orders` as JSON and prints the JSON receipt
read from `receipts`.

Both xpipe wire framings are spoken byte for byte:
  length-crc32  [u32 messageLength][u32 dataLength][data][u32 crc32], messageLength = dataLength + 8
  base64        base64(data) 0x00

The pipes are POSIX FIFOs that the app creates in its base directory; start the app first. The
client checks them as the app does before it uses them: the base directory must belong to you and
be writable by nobody else, every directory above it must belong to root or to you and be writable
by nobody else unless it has the sticky bit (as /tmp), and each pipe must be a FIFO of yours, not a
symbolic link, that only you can read and write (the app creates them 0600).
"""

import argparse
import base64
import errno
import json
import os
import queue
import stat
import struct
import sys
import tempfile
import threading
import time
import zlib

EXIT_OK = 0
EXIT_FAILED = 1

DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024
READ_SIZE = 256 * 1024


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


def codec_for(args):
    if args.framing == "base64":
        return Base64Codec(args.max_message_size)
    return LengthCrc32Codec(args.byte_order, not args.no_crc, args.max_message_size)


# --- POSIX FIFOs ----------------------------------------------------------------------------

def default_base_dir():
    """The xpipe default: $XDG_RUNTIME_DIR/xpipe, else <java.io.tmpdir>/xpipe-<user>."""
    import pwd  # POSIX only

    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime_dir:
        return os.path.join(runtime_dir, "xpipe")
    # Java's java.io.tmpdir is /tmp on Linux whatever $TMPDIR says, and $TMPDIR on macOS.
    temp_dir = tempfile.gettempdir() if sys.platform == "darwin" else "/tmp"
    return os.path.join(temp_dir, "xpipe-" + pwd.getpwuid(os.getuid()).pw_name)


class ClientError(Exception):
    """A failure to report in one line, ending the client with a non-zero status."""


class UnsafePathError(ClientError):
    """A pipe or directory that another user could read, replace or inject into: refused, left as it is."""


def _permissions(mode):
    return stat.filemode(mode)[1:]


def check_directory(directory, runtime_dir=None):
    """Refuses a base directory the app would refuse, as OpenSSH's StrictModes does: it must belong
    to this user and be writable by nobody else; every directory above it (links resolved) must
    belong to root or to this user and be writable by nobody else unless it has the sticky bit; an
    XDG_RUNTIME_DIR must be this user's own."""
    uid = os.geteuid()
    if runtime_dir:
        try:
            owner = os.stat(runtime_dir).st_uid
        except FileNotFoundError:
            raise ClientError(f"XDG_RUNTIME_DIR is {runtime_dir}, which does not exist: set it to your own "
                              "runtime directory or unset it, or give --base-dir") from None
        if owner != uid:
            raise UnsafePathError(f"refusing XDG_RUNTIME_DIR={runtime_dir}: it belongs to uid {owner}, not to "
                                  f"you (uid {uid}); it is another user's runtime directory. Set XDG_RUNTIME_DIR to "
                                  f"your own (usually /run/user/{uid}) or unset it, or give --base-dir")
    try:
        real = os.path.realpath(directory, strict=True) if sys.version_info >= (3, 10) else os.path.realpath(directory)
        own = os.stat(real)
    except FileNotFoundError:
        raise ClientError(f"no base directory {directory}: is the sample app running with this base directory? "
                          "(see --base-dir)") from None
    if own.st_uid != uid:
        raise UnsafePathError(f"refusing {directory}: it belongs to uid {own.st_uid}, not to you (uid {uid}), so "
                              "that user could read or inject messages. Give --base-dir a directory of yours")
    if own.st_mode & 0o022:
        raise UnsafePathError(f"refusing {directory}: group or others can write to it ({_permissions(own.st_mode)}) "
                              f"and could replace its pipes. Run 'chmod go-w {directory}'")
    above = os.path.dirname(real)
    while True:
        found = os.stat(above)
        if found.st_uid not in (0, uid):
            raise UnsafePathError(f"refusing {directory}: the directory {above} above it belongs to uid "
                                  f"{found.st_uid}, neither to root nor to you (uid {uid}), so that user could "
                                  "replace what is below it")
        if found.st_mode & 0o022 and not found.st_mode & stat.S_ISVTX:
            raise UnsafePathError(f"refusing {directory}: the directory {above} above it is writable by group or "
                                  f"others ({_permissions(found.st_mode)}) without the sticky bit, so they could "
                                  f"replace what is below it. Run 'chmod go-w {above}'")
        parent = os.path.dirname(above)
        if parent == above:
            return
        above = parent


def _check_fifo(found, path, allow_wider):
    """Refuses what is at a pipe's path unless it is a FIFO of this user only this user can use."""
    if stat.S_ISLNK(found.st_mode):
        raise UnsafePathError(f"refusing {path}: it is a symbolic link; pipes are never used through links")
    if not stat.S_ISFIFO(found.st_mode):
        raise UnsafePathError(f"refusing {path}: it exists but is not a named pipe (FIFO)")
    uid = os.geteuid()
    if found.st_uid != uid:
        raise UnsafePathError(f"refusing {path}: the FIFO belongs to uid {found.st_uid}, not to you (uid {uid}), "
                              "so that user could read your messages or inject their own")
    if found.st_mode & 0o077 and not allow_wider:
        raise UnsafePathError(f"refusing {path}: others than you can use it ({_permissions(found.st_mode)}); the "
                              "app makes its pipes rw-------. If you gave xpipe.pipes.*.permissions wider ones on "
                              "purpose, pass --allow-wider-permissions")


def _await_fifo(path, deadline, allow_wider):
    """Waits for the FIFO and checks it; returns its lstat."""
    while True:
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            if time.monotonic() >= deadline:
                raise ClientError(f"no pipe at {path}: is the sample app running with this base directory? "
                                  "(see --base-dir)") from None
            time.sleep(0.05)
            continue
        _check_fifo(found, path, allow_wider)
        return found


def _check_opened(fd, expected, path, allow_wider):
    """Checks the opened descriptor again: the very FIFO looked at, not one swapped in meanwhile."""
    opened = os.fstat(fd)
    if (opened.st_dev, opened.st_ino) != (expected.st_dev, expected.st_ino):
        os.close(fd)
        raise UnsafePathError(f"refusing {path}: it was replaced while being opened")
    try:
        _check_fifo(opened, path, allow_wider)
    except UnsafePathError:
        os.close(fd)
        raise


def open_for_reading(path, deadline, allow_wider=False):
    """Opens the read end of a FIFO that never reports end-of-file, so reads wait for data."""
    found = _await_fifo(path, deadline, allow_wider)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    _check_opened(fd, found, path, allow_wider)
    # Our own idle write end keeps the FIFO from reporting end-of-file before the app's writer
    # connects (it connects lazily, on its first reply) and between its reconnections.
    keep_open = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    _check_opened(keep_open, found, path, allow_wider)
    os.set_blocking(fd, True)
    return fd, keep_open


def open_for_writing(path, deadline, allow_wider=False):
    """Opens the write end of a FIFO, waiting until the app has opened its read end."""
    found = _await_fifo(path, deadline, allow_wider)
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError as ex:
            if ex.errno == errno.ELOOP:
                raise UnsafePathError(f"refusing {path}: it became a symbolic link") from None
            if ex.errno != errno.ENXIO:  # ENXIO: no reader yet
                raise
            if time.monotonic() >= deadline:
                raise ClientError(f"nobody reads {path}: the app's listener is not running") from None
            time.sleep(0.05)
            continue
        _check_opened(fd, found, path, allow_wider)
        os.set_blocking(fd, True)
        return fd


def write_fully(fd, frame):
    view = memoryview(frame)
    while view:
        written = os.write(fd, view)
        view = view[written:]


class ReplyReader(threading.Thread):
    """Reads frames from a pipe in the background and queues each decoded message, in order."""

    def __init__(self, fd, decoder, pipe_name):
        super().__init__(name="xpipe-reader-" + pipe_name, daemon=True)
        self._fd = fd
        self._decoder = decoder
        self._pipe_name = pipe_name
        self.replies = queue.Queue()

    def run(self):
        try:
            while True:
                chunk = os.read(self._fd, READ_SIZE)
                if not chunk:
                    return
                self._decoder.feed(chunk)
                while True:
                    try:
                        message = self._decoder.next_message()
                    except FatalFrameError as ex:
                        self.replies.put(ClientError(f"{self._pipe_name}: {ex}; cannot read further"))
                        return
                    except FrameError as ex:
                        print(f"xpipe_client: rejected a frame on {self._pipe_name}: {ex}", file=sys.stderr)
                        continue
                    if message is None:
                        break
                    self.replies.put(message)
        except OSError as ex:
            self.replies.put(ClientError(f"reading {self._pipe_name} failed: {ex}"))


# --- messages -------------------------------------------------------------------------------

def order_json(spec):
    """ITEM:QUANTITY (e.g. apple:3) as an order's JSON; a JSON object is sent as given."""
    if spec.lstrip().startswith("{"):
        return spec
    item, separator, quantity = spec.rpartition(":")
    if not separator:
        raise ClientError(f"order '{spec}' is neither ITEM:QUANTITY (e.g. apple:3) nor a JSON object")
    try:
        quantity = int(quantity)
    except ValueError:
        raise ClientError(f"order '{spec}': quantity '{quantity}' is not an integer") from None
    return json.dumps({"item": item, "quantity": quantity}, ensure_ascii=False)


def messages(args):
    """The payloads to send, as bytes: the arguments (all checked before any is sent), else each
    line of standard input as it is read."""
    def payload(line):
        if not args.orders:
            return line
        try:
            spec = line.rstrip(b"\r").decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError(f"order {line!r} is not UTF-8 text") from None
        return order_json(spec).encode("utf-8")

    if args.messages:
        return [payload(os.fsencode(message)) for message in args.messages]
    return (payload(line[:-1] if line.endswith(b"\n") else line) for line in sys.stdin.buffer)


def run(args):
    request_pipe, reply_pipe = ("orders", "receipts") if args.orders else ("inbox", "outbox")
    request_path = os.path.join(args.base_dir, request_pipe)
    reply_path = os.path.join(args.base_dir, reply_pipe)
    codec = codec_for(args)
    payloads = messages(args)
    out = sys.stdout.buffer

    deadline = time.monotonic() + args.timeout
    check_directory(args.base_dir, args.runtime_dir)
    # The reply pipe is opened first: the app connects to it when it sends its first reply.
    reply_fd, keep_open = open_for_reading(reply_path, deadline, args.allow_wider_permissions)
    reader = ReplyReader(reply_fd, codec.decoder(), reply_pipe)
    reader.start()
    request_fd = open_for_writing(request_path, deadline, args.allow_wider_permissions)

    def print_next_reply():
        reply = reader.replies.get(timeout=args.timeout)
        if isinstance(reply, ClientError):
            raise reply
        out.write(reply + b"\n")
        out.flush()

    sent = received = 0
    try:
        for payload in payloads:
            write_fully(request_fd, codec.encode(payload))
            sent += 1
            # Print what has already come back; a terminal waits for each answer before the next line.
            while received < sent and (not reader.replies.empty() or args.interactive):
                print_next_reply()
                received += 1
        while received < sent:
            print_next_reply()
            received += 1
    except queue.Empty:
        raise ClientError(f"no reply on {reply_path} within {args.timeout:g}s: received {received} of {sent} "
                          "(the app's log says why; check that --framing, --byte-order and --no-crc "
                          "match its pipe settings)") from None
    except BrokenPipeError:
        raise ClientError(f"the app closed {request_path} (did it stop?)") from None
    finally:
        os.close(request_fd)
        os.close(keep_open)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="xpipe_client.py",
        description="Send messages to the xpipe sample app and print its replies.",
        epilog="""examples:
  # echo two messages through inbox and outbox
  python3 xpipe_client.py hello world
  # echo each line of standard input
  printf 'one\\ntwo\\n' | python3 xpipe_client.py
  # when the app runs with --xpipe.pipes.inbox.framing=base64 --xpipe.pipes.outbox.framing=base64
  python3 xpipe_client.py --framing base64 hello
  # send orders, print the receipts (ACCEPTED, or REJECTED when the quantity is below 1)
  python3 xpipe_client.py --orders apple:3 pear:0 '{"item": "fig", "quantity": 2}'
""",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("messages", nargs="*", metavar="MESSAGE",
                        help="messages to send (default: each line of standard input); "
                             "with --orders, ITEM:QUANTITY or a JSON object")
    parser.add_argument("--orders", action="store_true",
                        help="send orders to 'orders' and print the receipts from 'receipts' "
                             "instead of echoing through 'inbox' and 'outbox'")
    parser.add_argument("--base-dir", default=default_base_dir() if os.name == "posix" else None,
                        metavar="DIR", help="the app's xpipe.base-dir (default: %(default)s)")
    parser.add_argument("--framing", choices=("length-crc32", "base64"), default="length-crc32",
                        help="wire framing of both pipes (default: %(default)s)")
    parser.add_argument("--byte-order", choices=("little", "big"), default="little",
                        help="length-crc32 byte order (default: %(default)s)")
    parser.add_argument("--no-crc", action="store_true",
                        help="length-crc32: send a zero CRC and do not verify received ones")
    parser.add_argument("--max-message-size", type=int, default=DEFAULT_MAX_MESSAGE_SIZE, metavar="BYTES",
                        help="largest message accepted (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                        help="how long to wait for the pipes to open and for each reply (default: %(default)s)")
    parser.add_argument("--allow-wider-permissions", action="store_true",
                        help="use pipes that others than you may read or write too (when the app's "
                             "xpipe.pipes.*.permissions were made wider on purpose)")
    args = parser.parse_args(argv)
    args.interactive = not args.messages and sys.stdin.isatty()
    # the app's default base directory lies in XDG_RUNTIME_DIR, which must then be this user's own
    runtime_dir = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    args.runtime_dir = runtime_dir if os.name == "posix" and runtime_dir and args.base_dir == default_base_dir() else None
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if os.name != "posix":
        print("xpipe_client: this client speaks POSIX FIFOs (Linux, macOS)", file=sys.stderr)
        return EXIT_FAILED
    try:
        run(args)
    except (ClientError, FrameError, OSError) as ex:
        print(f"xpipe_client: {ex}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
