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
import json
import os
import queue
import sys
import tempfile
import threading
import time

from xpipe_fifos import (ClientError, UnsafePathError, check_directory, open_for_reading,  # noqa: F401
                         open_for_writing, write_fully)
from xpipe_framing import (DEFAULT_MAX_MESSAGE_SIZE, Base64Codec, FatalFrameError, FrameError,  # noqa: F401
                           LengthCrc32Codec)

EXIT_OK = 0
EXIT_FAILED = 1

READ_SIZE = 256 * 1024


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
