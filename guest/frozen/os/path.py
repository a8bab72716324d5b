"""os.path for the sandbox: POSIX path arithmetic, plus existence checks asked of the host."""

from _hlc import system as _system
from _hlc_io import abspath as _abs, fspath

sep = "/"
curdir = "."
pardir = ".."
extsep = "."


def _query(op, p):
    try:
        return _system(op, path=_abs(p))
    except (OSError, ValueError):
        return None


def exists(p):
    return bool(_query("fs.exists", p))


lexists = exists


def isfile(p):
    st = _query("fs.stat", p)
    return bool(st and st["is_file"])


def isdir(p):
    st = _query("fs.stat", p)
    return bool(st and st["is_dir"])


def islink(p):
    return False


def ismount(p):
    return False


def getsize(p):
    return _system("fs.stat", path=_abs(p))["size"]


def getmtime(p):
    return _system("fs.stat", path=_abs(p))["mtime"] or 0.0


getatime = getctime = getmtime


def isabs(p):
    return fspath(p).startswith("/")


def join(a, *parts):
    path = fspath(a)
    for b in parts:
        b = fspath(b)
        if b.startswith("/"):
            path = b
        elif not path or path.endswith("/"):
            path += b
        else:
            path += "/" + b
    return path


def split(p):
    p = fspath(p)
    i = p.rfind("/") + 1
    head, tail = p[:i], p[i:]
    if head and head != "/" * len(head):
        head = head.rstrip("/")
    return head, tail


def basename(p):
    return split(p)[1]


def dirname(p):
    return split(p)[0]


def splitext(p):
    p = fspath(p)
    slash = p.rfind("/")
    dot = p.rfind(".")
    if dot > slash:
        i = slash + 1
        while i < dot and p[i] == ".":
            i += 1
        if i < dot:
            return p[:dot], p[dot:]
    return p, ""


def normpath(p):
    p = fspath(p)
    if not p:
        return "."
    initial = 1 if p.startswith("/") else 0
    if initial and p.startswith("//") and not p.startswith("///"):
        initial = 2
    out = []
    for comp in p.split("/"):
        if comp in ("", "."):
            continue
        if comp != ".." or (not initial and not out) or (out and out[-1] == ".."):
            out.append(comp)
        elif out:
            out.pop()
    p = "/".join(out)
    if initial:
        p = "/" * initial + p
    return p or "."


def abspath(p):
    return normpath(_abs(p))


realpath = abspath


def relpath(p, start=None):
    if not p:
        raise ValueError("no path specified")
    start = abspath(start if start is not None else ".")
    parts = [x for x in abspath(p).split("/") if x]
    base = [x for x in start.split("/") if x]
    i = 0
    while i < min(len(parts), len(base)) and parts[i] == base[i]:
        i += 1
    rel = [".."] * (len(base) - i) + parts[i:]
    return "/".join(rel) if rel else "."


def commonprefix(paths):
    if not paths:
        return ""
    s1, s2 = min(paths), max(paths)
    for i, c in enumerate(s1):
        if c != s2[i]:
            return s1[:i]
    return s1


def commonpath(paths):
    if not paths:
        raise ValueError("commonpath() arg is an empty sequence")
    split_paths = [[c for c in fspath(p).split("/") if c and c != "."] for p in paths]
    absolute = {fspath(p).startswith("/") for p in paths}
    if len(absolute) != 1:
        raise ValueError("Can't mix absolute and relative paths")
    common = []
    for parts in zip(*split_paths):
        if all(x == parts[0] for x in parts):
            common.append(parts[0])
        else:
            break
    prefix = "/" if absolute.pop() else ""
    return prefix + "/".join(common)


def expanduser(p):
    return fspath(p)


def expandvars(p):
    return fspath(p)


def normcase(p):
    return fspath(p)
