"""A small `os` for the sandbox: files under the configured mounts and /output, nothing else.

Every operation is a request to the host, which checks it against the mount table in Rust.
There are no processes, no environment and no file descriptors in the sandbox: the functions
for those exist (code that merely references them still runs) and raise PermissionError.
"""

from _hlc import system as _sys
from _hlc_io import _cwd, abspath as _abs, fspath, read_bytes as _read, write_bytes as _write
from . import path

name = "posix"
sep = "/"
altsep = None
curdir = "."
pardir = ".."
extsep = "."
pathsep = ":"
linesep = "\n"
devnull = "/dev/null"
environ = {}
error = OSError

SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2


def urandom(size):
    """`size` random bytes from the host's CSPRNG (seeds `random`, `uuid4`, `secrets`)."""
    size = size.__index__() if hasattr(size, "__index__") else size
    if not isinstance(size, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(size).__name__)
    if size < 0:
        raise ValueError("negative argument not allowed")
    parts = []
    while size > 0:
        n = min(size, 65536)
        parts.append(_sys("os.urandom", size=n))
        size -= n
    return b"".join(parts)


def getenv(key, default=None):
    return environ.get(key, default)


def getcwd():
    return _cwd[0]


def chdir(p):
    p = path.normpath(_abs(p))
    if not _sys("fs.stat", path=p)["is_dir"]:
        raise NotADirectoryError("[Errno 20] Not a directory: '%s'" % p)
    _cwd[0] = p


class stat_result:
    """What os.stat returns: st_size, st_mtime, st_mode (and friends)."""

    def __init__(self, st):
        self.st_size = st["size"]
        mtime = st["mtime"] if st["mtime"] is not None else 0.0
        self.st_mtime = self.st_atime = self.st_ctime = mtime
        self.st_mode = (0o040755 if st["is_dir"] else 0o100644)
        self.st_nlink = 1
        self.st_uid = self.st_gid = 0
        self.st_ino = self.st_dev = 0

    def __repr__(self):
        return "os.stat_result(st_mode=%d, st_ino=0, st_dev=0, st_nlink=1, st_uid=0, st_gid=0, st_size=%d, st_atime=%d, st_mtime=%d, st_ctime=%d)" % (
            self.st_mode, self.st_size, int(self.st_atime), int(self.st_mtime), int(self.st_ctime))


def stat(p):
    return stat_result(_sys("fs.stat", path=_abs(p)))


lstat = stat


def listdir(p="."):
    return _sys("fs.listdir", path=_abs(p))


class DirEntry:
    def __init__(self, parent, entry):
        self.name = entry
        self.path = path.join(parent, entry)
        self._stat = None

    def _st(self):
        if self._stat is None:
            self._stat = _sys("fs.stat", path=_abs(self.path))
        return self._stat

    def is_dir(self, follow_symlinks=True):
        return self._st()["is_dir"]

    def is_file(self, follow_symlinks=True):
        return self._st()["is_file"]

    def is_symlink(self):
        return False

    def stat(self, follow_symlinks=True):
        return stat_result(self._st())

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "<DirEntry %r>" % self.name


class _ScandirIterator:
    def __init__(self, p):
        self._entries = [DirEntry(p, e) for e in listdir(p)]

    def __iter__(self):
        return iter(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def close(self):
        pass


def scandir(p="."):
    return _ScandirIterator(p)


def walk(top, topdown=True, onerror=None, followlinks=False):
    top = fspath(top)
    try:
        entries = scandir(top)._entries
    except OSError as e:
        if onerror is not None:
            onerror(e)
        return
    dirs = [e.name for e in entries if e.is_dir()]
    files = [e.name for e in entries if not e.is_dir()]
    if topdown:
        yield top, dirs, files
        for d in dirs:
            yield from walk(path.join(top, d), topdown, onerror, followlinks)
    else:
        for d in dirs:
            yield from walk(path.join(top, d), topdown, onerror, followlinks)
        yield top, dirs, files


def remove(p):
    a = _abs(p)
    if _sys("fs.stat", path=a)["is_dir"]:
        raise IsADirectoryError("[Errno 21] Is a directory: '%s'" % fspath(p))
    _sys("fs.remove", path=a)


unlink = remove


def rmdir(p):
    a = _abs(p)
    if not _sys("fs.stat", path=a)["is_dir"]:
        raise NotADirectoryError("[Errno 20] Not a directory: '%s'" % fspath(p))
    _sys("fs.remove", path=a)


def removedirs(p):
    rmdir(p)
    head, tail = path.split(fspath(p))
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


def mkdir(p, mode=0o777, *, dir_fd=None):
    _sys("fs.mkdir", path=_abs(p), parents=False)


def makedirs(p, mode=0o777, exist_ok=False):
    a = _abs(p)
    if _sys("fs.exists", path=a):
        if exist_ok and _sys("fs.stat", path=a)["is_dir"]:
            return
        raise FileExistsError("[Errno 17] File exists: '%s'" % fspath(p))
    _sys("fs.mkdir", path=a, parents=True)


def rename(src, dst):
    """rename(2) on the host: within one mount (same file: nothing happens); across mounts
    OSError EXDEV, as between file systems in CPython."""
    _sys("fs.rename", src=_abs(src), dst=_abs(dst))


replace = rename


def _no_processes(*args, **kwargs):
    raise PermissionError("[Errno 1] Operation not permitted: the sandbox cannot start processes or signal them")


system = _no_processes
popen = _no_processes
fork = _no_processes
kill = _no_processes
execv = execve = execl = execvp = _no_processes
spawnv = spawnl = _no_processes


def getpid():
    return 1


def cpu_count():
    return 1


def get_terminal_size(*args):
    raise OSError("[Errno 25] Inappropriate ioctl for device")
