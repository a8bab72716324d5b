"""open() for the sandbox: file objects over the host's policy-checked file operations.

Every path goes to the host (``_hlc.system``), which resolves it against the configured
mounts in Rust and refuses anything outside them; nothing here decides what is allowed.
A file's contents are read whole when it is opened for reading; what was written is sent
back when it is flushed or closed (files left open are closed when the code block ends), in
place: only the changed byte range is written at its offset (and a truncation as one), never
the whole file truncated and rewritten, so a run stopped mid-flush cannot cut a file short.
"""

import io
from _hlc import system

_CHUNK = 256 * 1024
_open_files = []
_cwd = ["/"]


class UnsupportedOperation(OSError):
    pass


def fspath(path):
    if isinstance(path, str):
        return path
    if isinstance(path, (bytes, bytearray)):
        return bytes(path).decode()
    f = getattr(path, "__fspath__", None)
    if f is not None:
        return f()
    raise TypeError(
        "expected str, bytes or os.PathLike object, not " + type(path).__name__
    )


def abspath(path):
    """`path` made absolute against the working directory (the host normalizes it)."""
    path = fspath(path)
    if not path:
        raise FileNotFoundError("[Errno 2] No such file or directory: ''")
    if path.startswith("/"):
        return path
    cwd = _cwd[0]
    return (cwd if cwd.endswith("/") else cwd + "/") + path


def read_bytes(path):
    reply = system("fs.read", path=abspath(path))
    if "data" in reply:
        return reply["data"]
    blob, size = reply["blob"], reply["size"]
    parts = []
    offset = 0
    while offset < size:
        part = system("blob.read", blob=blob, offset=offset, size=_CHUNK)
        if not part:
            break
        parts.append(part)
        offset += len(part)
    return b"".join(parts)


def write_bytes(path, data, append=False, exclusive=False):
    """Writes in chunks so any size fits the transport."""
    path = abspath(path)
    data = bytes(data)
    system("fs.write", path=path, data=data[:_CHUNK], append=append, exclusive=exclusive)
    for at in range(_CHUNK, len(data), _CHUNK):
        system("fs.write", path=path, data=data[at : at + _CHUNK], append=True)


def write_at(path, data, offset):
    """Writes `data` at `offset` without truncating, in chunks."""
    data = bytes(data)
    for at in range(0, max(len(data), 1), _CHUNK):
        system("fs.write", path=path, data=data[at : at + _CHUNK], offset=offset + at)


def _common_prefix(a, b):
    """Length of the common prefix of two byte strings (whole chunks compared in C)."""
    n = min(len(a), len(b))
    i = 0
    step = 65536
    while step:
        while i + step <= n and a[i : i + step] == b[i : i + step]:
            i += step
        step //= 16
    return i


def _parse_mode(mode):
    if not isinstance(mode, str):
        raise TypeError("open() argument 'mode' must be str, not " + type(mode).__name__)
    kinds = [c for c in mode if c in "rwax"]
    if (
        len(kinds) != 1
        or any(c not in "rwaxbt+" for c in mode)
        or len(set(mode)) != len(mode)
        or ("b" in mode and "t" in mode)
    ):
        raise ValueError("invalid mode: '" + mode + "'")
    return kinds[0], "+" in mode, "b" in mode


# Subclasses of io.IOBase get MicroPython's stream protocol, which print(file=...),
# json.dump and json.load use; it calls write()/readinto() with a bytearray.


class _IOBase(io.IOBase):
    """What binary and text files share (line iteration, context manager, no descriptors)."""

    def readlines(self, hint=-1):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def fileno(self):
        raise UnsupportedOperation("fileno")

    def isatty(self):
        return False

    def __enter__(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self

    def __exit__(self, *exc):
        self.close()


class FileIO(_IOBase):
    """A binary file (``open(path, 'rb')``, ``'wb'``, ...)."""

    def __init__(self, path, mode):
        kind, plus, _ = _parse_mode(mode)
        self.name = path
        self.mode = mode
        self._path = abspath(path)
        self._kind = kind
        self.closed = False
        self._readable = kind == "r" or plus
        self._writable = kind != "r" or plus
        # Plain append streams pending data; every other writable mode keeps the whole file
        # in memory and writes it back on flush.
        self._stream_append = kind == "a" and not plus
        self._dirty = False
        # What flush() must send: bytes [_lo, _hi) of _data, after truncating the file to
        # _trunc (None: no truncation).
        self._lo = self._hi = 0
        self._trunc = None
        self._pos = 0
        if kind == "r":
            self._data = bytearray(read_bytes(self._path))
        elif kind == "a" and plus:
            try:
                self._data = bytearray(read_bytes(self._path))
            except FileNotFoundError:
                self._data = bytearray()
                write_bytes(self._path, b"")
            self._pos = len(self._data)
        else:
            self._data = bytearray()
            # Create, truncate or check now, so a refused path fails at open() like in CPython.
            write_bytes(self._path, b"", append=kind == "a", exclusive=kind == "x")
        _open_files.append(self)

    def __repr__(self):
        return "<_io.FileIO name=%r mode=%r>" % (self.name, self.mode)

    def _check(self, reading):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if reading and not self._readable:
            raise UnsupportedOperation("not readable")
        if not reading and not self._writable:
            raise UnsupportedOperation("not writable")

    def readable(self):
        return self._readable

    def writable(self):
        return self._writable

    def seekable(self):
        return not self._stream_append

    def read(self, size=-1):
        self._check(True)
        end = len(self._data) if size is None or size < 0 else min(len(self._data), self._pos + size)
        out = bytes(self._data[self._pos : end])
        self._pos = max(self._pos, end)
        return out

    def readinto(self, buf):
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def readline(self, size=-1):
        self._check(True)
        end = self._data.find(b"\n", self._pos)
        end = len(self._data) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        out = bytes(self._data[self._pos : end])
        self._pos = max(self._pos, end)
        return out

    def write(self, b):
        self._check(False)
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        b = bytes(b)
        if self._stream_append:
            self._data += b
        else:
            if self._kind == "a":
                self._pos = len(self._data)
            if self._pos > len(self._data):
                self._data += bytes(self._pos - len(self._data))
            self._data[self._pos : self._pos + len(b)] = b
            self._touch(self._pos, self._pos + len(b))
            self._pos += len(b)
        self._dirty = True
        return len(b)

    def _touch(self, lo, hi):
        if self._lo >= self._hi:
            self._lo, self._hi = lo, hi
        else:
            self._lo, self._hi = min(self._lo, lo), max(self._hi, hi)

    def _replace_all(self, data):
        """Makes `data` the whole contents (a text file's re-encoded text), marking only what changed."""
        data = bytearray(data)
        if data == self._data:
            return
        lo = _common_prefix(self._data, data)
        if len(data) < len(self._data):
            self._trunc = len(data) if self._trunc is None else min(self._trunc, len(data))
        self._data = data
        if lo < len(data):
            self._touch(lo, len(data))
        self._dirty = True

    def seek(self, offset, whence=0):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if whence == 0:
            pos = offset
        elif whence == 1:
            pos = self._pos + offset
        elif whence == 2:
            pos = len(self._data) + offset
        else:
            raise ValueError("invalid whence (%d, should be 0, 1 or 2)" % whence)
        if pos < 0:
            raise ValueError("negative seek position %d" % pos)
        self._pos = pos
        return pos

    def tell(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self._pos

    def truncate(self, size=None):
        self._check(False)
        size = self._pos if size is None else size
        if size < len(self._data):
            del self._data[size:]
            self._trunc = size if self._trunc is None else min(self._trunc, size)
            self._dirty = True
        return size

    def flush(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if self._writable and self._dirty:
            if self._stream_append:
                write_bytes(self._path, self._data, append=True)
                self._data = bytearray()
            else:
                if self._trunc is not None:
                    system("fs.truncate", path=self._path, size=self._trunc)
                    self._trunc = None
                hi = min(self._hi, len(self._data))
                if self._lo < hi:
                    write_at(self._path, memoryview(self._data)[self._lo : hi], self._lo)
                self._lo = self._hi = 0
            self._dirty = False

    def close(self):
        if self.closed:
            return
        try:
            self.flush()
        finally:
            self.closed = True
            if self in _open_files:
                _open_files.remove(self)


def _translate(text, newline):
    if newline is None:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class TextIOWrapper(_IOBase):
    """A text file (``open(path)``, ``'w'``, ``'a'``, ...): str in, str out, UTF-8 by default."""

    def __init__(self, raw, encoding, errors, newline):
        self.buffer = raw
        self.name = raw.name
        self.mode = raw.mode
        self.encoding = encoding
        self.errors = errors
        self._newline = newline
        self._text = None
        self._pos = 0
        if raw._readable:
            self._text = _translate(bytes(raw._data).decode(encoding, errors), newline)
            if raw._kind == "a":
                self._pos = len(self._text)

    def __repr__(self):
        return "<_io.TextIOWrapper name=%r mode=%r encoding=%r>" % (self.name, self.mode, self.encoding)

    @property
    def closed(self):
        return self.buffer.closed

    def readable(self):
        return self.buffer._readable

    def writable(self):
        return self.buffer._writable

    def seekable(self):
        return self.buffer.seekable()

    def read(self, size=-1):
        self.buffer._check(True)
        end = len(self._text) if size is None or size < 0 else min(len(self._text), self._pos + size)
        out = self._text[self._pos : end]
        self._pos = max(self._pos, end)
        return out

    def readline(self, size=-1):
        self.buffer._check(True)
        end = self._text.find("\n", self._pos)
        end = len(self._text) if end < 0 else end + 1
        if size is not None and size >= 0:
            end = min(end, self._pos + size)
        out = self._text[self._pos : end]
        self._pos = max(self._pos, end)
        return out

    def readinto(self, buf):
        # Stream readers (json.load) take UTF-8 bytes; hand out whole characters only.
        self.buffer._check(True)
        n = len(buf)
        chars = n
        while True:
            data = self._text[self._pos : self._pos + chars].encode(self.encoding)
            if len(data) <= n:
                break
            chars //= 2
        self._pos += chars if data else 0
        buf[: len(data)] = data
        return len(data)

    def write(self, s):
        self.buffer._check(False)
        if isinstance(s, (bytes, bytearray)):
            # print(..., file=f) arrives through the stream protocol as UTF-8 bytes.
            n = len(s)
            self.write(bytes(s).decode(self.encoding))
            return n
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        if self._newline not in (None, "", "\n"):
            s = s.replace("\n", self._newline)
        if self._text is None:
            self.buffer.write(s.encode(self.encoding, self.errors))
        else:
            if self.buffer._kind == "a":
                self._pos = len(self._text)
            self._text = self._text[: self._pos] + s + self._text[self._pos + len(s) :]
            self._pos += len(s)
            self.buffer._dirty = True
        return len(s)

    def seek(self, offset, whence=0):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        if self._text is None:
            return self.buffer.seek(offset, whence)
        if whence == 0 and offset >= 0:
            self._pos = offset
        elif whence == 2 and offset == 0:
            self._pos = len(self._text)
        elif whence == 1 and offset == 0:
            pass
        else:
            raise UnsupportedOperation("can't do nonzero cur-relative seeks")
        return self._pos

    def tell(self):
        if self.closed:
            raise ValueError("I/O operation on closed file.")
        return self._pos if self._text is not None else self.buffer.tell()

    def truncate(self, size=None):
        self.buffer._check(False)
        if self._text is None:
            return self.buffer.truncate(size)
        size = self._pos if size is None else size
        self._text = self._text[:size]
        self.buffer._dirty = True
        return size

    def flush(self):
        if self._text is not None and self.buffer._writable and self.buffer._dirty:
            self.buffer._replace_all(self._text.encode(self.encoding, self.errors))
        self.buffer.flush()

    def close(self):
        if self.closed:
            return
        if self._text is not None and self.buffer._writable and self.buffer._dirty:
            self.buffer._replace_all(self._text.encode(self.encoding, self.errors))
        self.buffer.close()



_ENCODINGS = {
    "utf-8": "utf-8", "utf8": "utf-8", "utf_8": "utf-8", "utf-8-sig": "utf-8",
    "ascii": "ascii", "us-ascii": "ascii", "latin-1": "latin-1", "latin1": "latin-1",
    "iso-8859-1": "latin-1",
}


def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    """Opens a file under a mount or /output; see the module docstring."""
    if isinstance(file, int):
        raise OSError("[Errno 9] Bad file descriptor: file descriptors are not available in the sandbox")
    path = fspath(file)
    _, _, binary = _parse_mode(mode)
    if binary:
        if encoding is not None:
            raise ValueError("binary mode doesn't take an encoding argument")
        return FileIO(path, mode)
    enc = _ENCODINGS.get((encoding or "utf-8").lower())
    if enc is None:
        raise LookupError("unknown encoding: " + str(encoding))
    if newline not in (None, "", "\n", "\r", "\r\n"):
        raise ValueError("illegal newline value: " + repr(newline))
    raw = FileIO(path, mode)
    wrapper = TextIOWrapper(raw, enc, errors or "strict", newline)
    # The wrapper is what must be flushed at the end (its text is not in raw yet).
    _open_files.remove(raw)
    _open_files.append(wrapper)
    raw_close = raw.close

    def close():
        raw_close()
        if wrapper in _open_files:
            _open_files.remove(wrapper)

    raw.close = close
    return wrapper


def _close_all():
    """Called by the runtime when the code block ends: flush and close what is left open."""
    while _open_files:
        _open_files[-1].close()
        if _open_files and _open_files[-1].closed:
            _open_files.pop()
