"""`FileMount` and `AllowedDomain`: what a sandbox may reach on the host, and their accepted forms.

Both are NamedTuples, so plain tuples work too. Enforcement is in Rust, at the boundary: these
classes only describe the configuration (and feed the generated instructions). Parsing and
normalizing the forms is Rust's too (the crate's `policy::forms`, through `_native`), the same
code and error messages `Sandbox` uses.

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

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple, TypeAlias

from hyperlight_codeact import _native

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

# The parsing and its error messages are the Rust crate's (policy::forms), shared with `Sandbox`.
_MODES = _native.MOUNT_MODES

# The methods the host's HTTP client supports (crates/hyperlight-codeact/src/policy/net.rs, Method).
HTTP_METHODS: tuple[str, ...] = _native.HTTP_METHODS

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


def _resolve_host(path: Any, strict: bool = True) -> Path:
    """The host path made absolute (against the current directory) and resolved; with `strict`
    it must exist (`FileNotFoundError` otherwise)."""
    return Path(_native._resolve_host_path(path, strict))


def normalize_mount_path(mount_path: Any) -> str:
    """The absolute, normalized sandbox path for `mount_path`: relative paths (and `input/...`)
    are under `/input`; `..` that climbs out is refused."""
    return _native._normalize_mount_path(mount_path)


def normalize_mount(entry: Any, strict: bool = True) -> FileMount:
    """One `file_mounts` entry as a `FileMount` with a resolved host path and an absolute mount
    path; with `strict` the host path must exist."""
    host, mount_path, writable = _native._normalize_mount(entry, strict)
    return FileMount(Path(host), mount_path, writable)


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


def normalize_domain_target(target: Any) -> str:
    """`target` as `host[:port]` (lowercase); a URL is reduced to its host and port."""
    return _native._normalize_domain_target(target)


def normalize_domain(entry: Any) -> AllowedDomain:
    """One `allowed_domains` entry as an `AllowedDomain` with a normalized target and methods."""
    target, methods = _native._normalize_domain(entry)
    return AllowedDomain(target, tuple(methods) if methods is not None else None)


def _is_single_domain(value: Any) -> bool:
    if isinstance(value, (str, AllowedDomain)):
        return True
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], str)
        and (
            value[1] is None
            or isinstance(value[1], str)
            or (isinstance(value[1], (list, tuple)) and all(isinstance(m, str) for m in value[1]))
        )
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
    raise TypeError(f"allowed_domains must be an entry or a sequence of entries, not {type(allowed_domains).__name__}")


def normalize_domains(entries: Any = ()) -> list[AllowedDomain]:
    """Every domain entry normalized; a later entry for the same target replaces an earlier one;
    sorted by target."""
    domains: dict[str, AllowedDomain] = {}
    for entry in domain_entries(entries):
        domain = normalize_domain(entry)
        domains[domain.target] = domain
    return sorted(domains.values(), key=lambda d: d.target)
