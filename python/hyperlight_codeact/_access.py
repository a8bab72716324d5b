"""`FileMount` and `AllowedDomain`: what a sandbox may reach on the host, and their accepted forms.

Both are NamedTuples, so plain tuples work too. Enforcement is in Rust, at the boundary: these
classes only describe the configuration (and feed the generated instructions).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Union

__all__ = ["AllowedDomain", "FileMount", "normalize_domains", "normalize_mounts"]

_MODES = {"ro": False, "r": False, "read-only": False, "rw": True, "w": True, "read-write": True, "writable": True}


class FileMount(NamedTuple):
    """Host directory `host_path` appears in the sandbox at `mount_path` (read-only unless `writable`)."""

    host_path: Union[str, "os.PathLike[str]"]
    mount_path: str
    writable: bool = False


class AllowedDomain(NamedTuple):
    """HTTP(S) requests may go to `target` (`host`, `host:port`, `scheme://host[:port]` or
    `*.example.com`) with `methods` (None: all)."""

    target: str
    methods: tuple[str, ...] | None = None


def _writable(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _MODES:
        return _MODES[value.lower()]
    raise ValueError(f"a mount's mode must be True/False or one of {sorted(_MODES)}, got {value!r}")


def normalize_mounts(entries: Iterable[Any] = (), workspace_root: Any = None) -> list[FileMount]:
    """`"/host/dir"`, `(host, mount)`, `(host, mount, writable|"ro"|"rw")` or `FileMount` -> FileMount.
    `workspace_root` (the published API's option) is mounted read-only at `/input`."""
    if isinstance(entries, (str, os.PathLike)):
        raise TypeError("file_mounts must be a list of entries, not a single path")
    mounts: list[FileMount] = []
    if workspace_root is not None:
        mounts.append(FileMount(os.fspath(workspace_root), "/input"))
    for entry in entries:
        if isinstance(entry, (str, os.PathLike)):
            path = os.fspath(entry)
            mounts.append(FileMount(path, path))
        elif isinstance(entry, Sequence) and 2 <= len(entry) <= 3:
            writable = _writable(entry[2]) if len(entry) == 3 else False
            mounts.append(FileMount(os.fspath(entry[0]), os.fspath(entry[1]), writable))
        else:
            raise TypeError(
                f"file_mounts entries are a path, (host_path, mount_path[, writable]) or FileMount, not {entry!r}"
            )
    return mounts


def normalize_domains(entries: Iterable[Any] = ()) -> list[AllowedDomain]:
    """`"host"`, `(target, "GET")`, `(target, ["GET", "POST"])` or `AllowedDomain` -> AllowedDomain."""
    if isinstance(entries, str):
        raise TypeError("allowed_domains must be a list of entries, not a single str")
    domains: list[AllowedDomain] = []
    for entry in entries:
        if isinstance(entry, str):
            domains.append(AllowedDomain(entry))
        elif isinstance(entry, Sequence) and len(entry) == 2 and isinstance(entry[0], str):
            methods = entry[1]
            if methods is not None:
                methods = (methods,) if isinstance(methods, str) else tuple(methods)
                methods = tuple(str(m).upper() for m in methods)
            domains.append(AllowedDomain(entry[0], methods))
        else:
            raise TypeError(f"allowed_domains entries are a str, (target, methods) or AllowedDomain, not {entry!r}")
    return domains
