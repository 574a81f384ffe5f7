"""Opening the xpipe sample app's FIFOs safely, as the app checks them (POSIX, standard library only).

The base directory must belong to you and be writable by nobody else; every directory above it must
belong to root or to you and be writable by nobody else unless it has the sticky bit (as /tmp); each
pipe must be a FIFO of yours, not a symbolic link, that only you can read and write. Used by
xpipe_client.py.
"""

import errno
import os
import stat
import sys
import time


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
