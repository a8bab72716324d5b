"""`FileMount` and `AllowedDomain`: what a sandbox may reach on the host, and their accepted forms.

Both are NamedTuples, so plain tuples work too. Enforcement is in Rust, at the boundary: these
classes only describe the configuration (and feed the generated instructions).

The forms are those of agent-framework-hyperlight plus this package's own:

- a mount: `"/abs/dir"` (the same path inside), `"rel/dir"` (resolved against the current
  directory, inside at `/input/rel/dir`), `(host, mount_path)` (a relative `mount_path` means
  `/input/<mount_path>`), `(host, mount_path, writable)` or a `FileMount`; `workspace_root` is
  mounted read-only at `/input`. Host paths must exist.
- a domain: `"api.example.com"`, `"host:8080"`, a URL (reduced to its host and port),
  `(target, "GET")`, `(target, ["GET", "POST"])` or an `AllowedDomain`; methods are
  upper-cased, de-duplicated and sorted.
"""

from __future__ import annotations

import ipaddress
import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias
from urllib.parse import urlsplit

__all__ = [
    "HTTP_METHODS",
    "AllowedDomain",
    "AllowedDomainInput",
    "FileMount",
    "FileMountInput",
    "normalize_domain",
    "normalize_domain_target",
    "normalize_domains",
    "normalize_mount",
    "normalize_mount_path",
    "normalize_mounts",
]

_MODES = {"ro": False, "r": False, "read-only": False, "rw": True, "w": True, "read-write": True, "writable": True}

# The methods the host's HTTP client supports (crates/hyperlight-codeact/src/policy/net.rs, Method).
HTTP_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")

INPUT_ROOT = "/input"


class FileMount(NamedTuple):
    """Host file or directory `host_path` appears in the sandbox at `mount_path` (read-only unless `writable`)."""

    host_path: str | os.PathLike[str]
    mount_path: str
    writable: bool = False


class AllowedDomain(NamedTuple):
    """HTTP(S) requests may go to `target` (`host`, `host:port`, `scheme://host[:port]` or
    `*.example.com`) with `methods` (None: all)."""

    target: str
    methods: tuple[str, ...] | None = None


FileMountHostPath: TypeAlias = str | os.PathLike[str]
FileMountInput: TypeAlias = str | os.PathLike[str] | tuple[Any, ...] | FileMount
"""A path, `(host_path, mount_path)`, `(host_path, mount_path, writable)` or a `FileMount`."""
AllowedDomainInput: TypeAlias = str | tuple[str, str | Sequence[str] | None] | AllowedDomain
"""A target, `(target, method_or_methods)` or an `AllowedDomain`."""


def _writable(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _MODES:
        return _MODES[value.lower()]
    raise ValueError(f"a mount's mode must be True/False or one of {sorted(_MODES)}, got {value!r}")


def _resolve_host(path: Any, strict: bool = True) -> Path:
    """The host path made absolute (against the current directory) and resolved; with `strict`
    it must exist (`FileNotFoundError` otherwise)."""
    try:
        raw = os.fspath(path)
    except TypeError:
        raise TypeError(f"a mount's host path must be a str or os.PathLike, not {type(path).__name__}") from None
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"a mount's host path must be a non-empty str path, got {path!r}")
    if not strict:
        return Path(os.path.abspath(os.path.expanduser(raw)))
    # A missing host path fails here, at configuration, not at the model's first call.
    return Path(raw).expanduser().resolve(strict=True)


def normalize_mount_path(mount_path: Any) -> str:
    """The absolute, normalized sandbox path for `mount_path`: relative paths (and `input/...`)
    are under `/input`; `..` that climbs out is refused."""
    try:
        raw = os.fspath(mount_path)
    except TypeError:
        raise TypeError(f"mount_path must be a str, not {type(mount_path).__name__}") from None
    if not isinstance(raw, str):
        raise TypeError(f"mount_path must be a str, not {type(raw).__name__}")
    raw = raw.strip().replace("\\", "/")
    if not raw:
        raise ValueError("mount_path must not be empty")
    if "\0" in raw:
        raise ValueError("mount_path must not contain NUL")
    if not raw.startswith("/"):
        parts = [p for p in raw.split("/") if p not in ("", ".")]
        if parts and parts[0] == "input":
            parts = parts[1:]
        raw = "/".join([INPUT_ROOT, *parts])
    if ".." in raw.split("/"):
        raise ValueError(f"mount_path {mount_path!r} must not contain '..'")
    normalized = posixpath.normpath(raw)
    if normalized.startswith("//"):
        normalized = "/" + normalized.lstrip("/")
    if normalized == "/":
        raise ValueError("mount_path must not be the sandbox root '/'")
    return normalized


def normalize_mount(entry: Any, strict: bool = True) -> FileMount:
    """One `file_mounts` entry as a `FileMount` with a resolved host path and an absolute mount
    path; with `strict` the host path must exist."""
    if isinstance(entry, (str, os.PathLike)):
        raw = os.fspath(entry)
        host = _resolve_host(raw, strict)
        if isinstance(raw, str) and os.path.isabs(os.path.expanduser(raw)):
            # The published shorthand: the same path inside the sandbox (as written, normalized).
            mount_path = normalize_mount_path(os.path.expanduser(raw))
        else:
            mount_path = normalize_mount_path(raw)
        return FileMount(host, mount_path, False)
    if isinstance(entry, tuple) and 2 <= len(entry) <= 3:
        writable = _writable(entry[2]) if len(entry) == 3 else False
        return FileMount(_resolve_host(entry[0], strict), normalize_mount_path(entry[1]), writable)
    raise TypeError(
        f"file_mounts entries are a path, (host_path, mount_path[, writable]) or FileMount, not {entry!r}"
    )


def _is_single_mount(value: Any) -> bool:
    if isinstance(value, (str, os.PathLike, FileMount)):
        return True
    # A bare (host, mount_path[, mode]) pair, as opposed to a tuple of entries.
    return (
        isinstance(value, tuple)
        and 2 <= len(value) <= 3
        and isinstance(value[0], (str, os.PathLike))
        and isinstance(value[1], str)
        and (len(value) == 2 or isinstance(value[2], (bool, str)))
        and not (len(value) == 3 and isinstance(value[2], str) and value[2].lower() not in _MODES)
    )


def mount_entries(file_mounts: Any) -> list[Any]:
    """`file_mounts` as a list of entries: a single entry or a sequence of them."""
    if file_mounts is None:
        return []
    if _is_single_mount(file_mounts):
        return [file_mounts]
    if isinstance(file_mounts, Iterable):
        return list(file_mounts)
    raise TypeError(f"file_mounts must be an entry or a sequence of entries, not {type(file_mounts).__name__}")


def resolve_workspace_root(workspace_root: Any, strict: bool = True) -> Path | None:
    """`workspace_root` resolved; with `strict` it must be an existing directory."""
    if workspace_root is None:
        return None
    root = _resolve_host(workspace_root, strict)
    if strict and not root.is_dir():
        raise ValueError(f"workspace_root must be an existing directory, got {os.fspath(workspace_root)!r}")
    return root


def normalize_mounts(entries: Any = (), workspace_root: Any = None, strict: bool = True) -> list[FileMount]:
    """Every mount, `workspace_root` (at `/input`) first; a later entry for the same mount path
    replaces an earlier one. With `strict` host paths must exist."""
    mounts: dict[str, FileMount] = {}
    root = resolve_workspace_root(workspace_root, strict)
    if root is not None:
        mounts[INPUT_ROOT] = FileMount(root, INPUT_ROOT, False)
    for entry in mount_entries(entries):
        mount = normalize_mount(entry, strict)
        mounts.pop(mount.mount_path, None)
        mounts[mount.mount_path] = mount
    return list(mounts.values())


_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def _valid_host(host: str) -> bool:
    if host.startswith("[") and host.endswith("]"):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    name = host[2:] if host.startswith("*.") else host
    name = name.rstrip(".")
    if not name or len(name) > 253:
        return False
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return all(_LABEL.match(label) for label in name.split("."))


def normalize_domain_target(target: Any) -> str:
    """`target` as `host[:port]` (lowercase); a URL is reduced to its host and port."""
    if not isinstance(target, str):
        raise TypeError(f"an allowed_domains target must be a str, not {type(target).__name__}")
    candidate = target.strip()
    if not candidate:
        raise ValueError("an allowed_domains target must not be empty")
    if "://" in candidate:
        scheme = candidate.split("://", 1)[0].lower()
        if scheme not in ("http", "https"):
            raise ValueError(f"invalid allowed_domains target {target!r}: the scheme must be http or https")
        netloc = urlsplit(candidate).netloc
    else:
        netloc = re.split(r"[/?#]", candidate, maxsplit=1)[0]
    netloc = netloc.rsplit("@", 1)[-1].lower()  # credentials are never part of a target
    host, port = netloc, None
    if netloc.startswith("["):
        end = netloc.find("]")
        if end < 0:
            raise ValueError(f"invalid allowed_domains target {target!r}: unterminated IPv6 address")
        host, rest = netloc[: end + 1], netloc[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                raise ValueError(f"invalid allowed_domains target {target!r}: bad port")
            port = rest[1:]
    elif ":" in netloc:
        host, port = netloc.rsplit(":", 1)
    if port is not None and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValueError(f"invalid allowed_domains target {target!r}: bad port {port!r}")
    if not _valid_host(host):
        raise ValueError(
            f"invalid allowed_domains target {target!r}: expected a host name, an IP address, "
            "'*.example.com', 'host:port' or a URL"
        )
    return f"{host}:{int(port)}" if port is not None else host


def _normalize_methods(methods: Any, target: str) -> tuple[str, ...] | None:
    if methods is None:
        return None
    if isinstance(methods, str):
        methods = [methods]
    elif not isinstance(methods, Iterable):
        raise TypeError(f"methods for {target!r} must be a str, a sequence of str or None")
    normalized: set[str] = set()
    for m in methods:
        if not isinstance(m, str):
            raise TypeError(f"methods for {target!r} must be str, not {type(m).__name__}")
        name = m.strip().upper()
        if name not in HTTP_METHODS:
            raise ValueError(f"unsupported HTTP method {m!r} for {target!r} (supported: {', '.join(HTTP_METHODS)})")
        normalized.add(name)
    if not normalized:
        raise ValueError(f"methods for {target!r} must not be empty; use None to allow every method")
    return tuple(sorted(normalized))


def normalize_domain(entry: Any) -> AllowedDomain:
    """One `allowed_domains` entry as an `AllowedDomain` with a normalized target and methods."""
    if isinstance(entry, str):
        return AllowedDomain(normalize_domain_target(entry), None)
    if isinstance(entry, tuple) and len(entry) == 2:
        target = normalize_domain_target(entry[0])
        return AllowedDomain(target, _normalize_methods(entry[1], target))
    raise TypeError(f"allowed_domains entries are a str, (target, methods) or AllowedDomain, not {entry!r}")


def _is_single_domain(value: Any) -> bool:
    if isinstance(value, (str, AllowedDomain)):
        return True
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and (value[1] is None or isinstance(value[1], str) or (
            isinstance(value[1], (list, tuple)) and all(isinstance(m, str) for m in value[1])
        ))
        and not (isinstance(value[1], str) and value[1].strip().upper() not in HTTP_METHODS)
    )


def domain_entries(allowed_domains: Any) -> list[Any]:
    """`allowed_domains` as a list of entries: a single entry or a sequence of them."""
    if allowed_domains is None:
        return []
    if _is_single_domain(allowed_domains):
        return [allowed_domains]
    if isinstance(allowed_domains, Iterable):
        return list(allowed_domains)
    raise TypeError(
        f"allowed_domains must be an entry or a sequence of entries, not {type(allowed_domains).__name__}"
    )


def normalize_domains(entries: Any = ()) -> list[AllowedDomain]:
    """Every domain entry normalized; a later entry for the same target replaces an earlier one;
    sorted by target."""
    domains: dict[str, AllowedDomain] = {}
    for entry in domain_entries(entries):
        domain = normalize_domain(entry)
        domains[domain.target] = domain
    return sorted(domains.values(), key=lambda d: d.target)
