"""The differential machinery shared by every test that runs Python code under this CPython
(`sys.executable`) and in the guest and compares what each printed: the CPython fidelity suite
(tests/fidelity/run.py), the outside corpora (tests/conformance/run.py) and the snippet tests
(`assert_matches_cpython`).

A `Program` is source code plus the directory it runs in. Its `Outcome` is what it printed on
stdout plus, when it ended with an uncaught exception, the last line of the traceback
(`Type: message`); a non-zero `sys.exit()` code counts as `exit N`, a run past the time limit as
`timeout`. CPython runs it as `python -I -X utf8 FILE` with TZ=UTC (the guest's clock is UTC);
the guest is a real micro-VM (`sandbox_runner`) or the guest's native CLI (`native_runner`, no VM).
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hyperlight_codeact import Sandbox

TIMEOUT_SECONDS = 30.0
SNIPPET_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Program:
    group: str  # a fidelity category or a conformance corpus
    name: str
    source: str
    cwd: Path | None = None  # where CPython runs it (some programs read data files next to them)

    @property
    def key(self) -> str:
        return f"{self.group}/{self.name}"


@dataclass(frozen=True)
class Outcome:
    stdout: str
    error: str | None  # last traceback line ("Type: message"), "exit N", "timeout", or None
    stderr: str = field(default="", compare=False, repr=False)  # for messages only

    def render(self) -> list[str]:
        lines = self.stdout.splitlines()
        if self.error is not None:
            lines.append(f"!! {self.error}")
        return lines


Runner = Callable[[Program], Outcome]


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else ""


def _error(returncode: int, stderr: str) -> str | None:
    if returncode == 0:
        return None
    if "Traceback (most recent call last)" in stderr or "Error" in _last_line(stderr):
        return _last_line(stderr)
    return f"exit {returncode}"


@contextmanager
def _source_file(p: Program) -> Iterator[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", encoding="utf-8", delete=False) as f:
        f.write(p.source)
    try:
        yield f.name
    finally:
        os.unlink(f.name)


def _process(argv: list[str], cwd: Path | None, timeout: float, env: dict[str, str] | None = None) -> Outcome:
    try:
        r = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return Outcome("", "timeout")
    # Decoded by hand: text mode would translate a printed "\r" into "\n" (universal newlines).
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    return Outcome(out, _error(r.returncode, err), err)


def run_cpython(p: Program, timeout: float = TIMEOUT_SECONDS) -> Outcome:
    with _source_file(p) as path:
        argv = [sys.executable, "-I", "-X", "utf8", path]
        return _process(argv, p.cwd, timeout, dict(os.environ, TZ="UTC"))


def native_runner(cli: str, timeout: float = TIMEOUT_SECONDS) -> Runner:
    """The guest's native CLI (no VM): `cli FILE`."""

    def run(p: Program) -> Outcome:
        with _source_file(p) as path:
            return _process([cli, path], None, timeout)

    return run


def run_in_sandbox(sandbox: Sandbox, source: str) -> Outcome:
    from hyperlight_codeact import ExecutionTimeout, GuestError

    try:
        r = sandbox.run(source)
    except ExecutionTimeout:
        return Outcome("", "timeout")
    except GuestError as e:
        return Outcome("", f"GuestError: {e}")
    if r.error is not None:
        return Outcome(r.stdout, r.error, r.stderr)
    return Outcome(r.stdout, f"exit {r.exit_code}" if r.exit_code != 0 else None, r.stderr)


def sandbox_runner(pool_size: int | None = None, timeout: float = TIMEOUT_SECONDS) -> Runner:
    """One sandbox (real micro-VMs, up to `pool_size` at once); a fresh run per program."""
    from hyperlight_codeact import Sandbox

    sandbox = Sandbox(timeout_seconds=timeout, pool_size=pool_size)
    return lambda p: run_in_sandbox(sandbox, p.source)


def short_diff(expected: Outcome, got: Outcome, limit: int | None = 12) -> list[str]:
    """A unified diff of the rendered outcomes, CPython's first; at most `limit` lines."""
    diff = list(difflib.unified_diff(expected.render(), got.render(), "cpython", "guest", lineterm="", n=1))[2:]
    if limit is not None and len(diff) > limit:
        diff = diff[:limit] + [f"... ({len(diff) - limit} more diff lines)"]
    return diff


def known_differences(path: Path) -> dict[str, str]:
    """`group/name` -> reason, from a known_differences.txt (`# comments`, blank lines)."""
    known: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def guest_runner(native: str | None, pool_size: int | None = None) -> Runner:
    """The native CLI at `native` if given, else micro-VMs."""
    return native_runner(native) if native else sandbox_runner(pool_size)


def banner(native: str | None) -> str:
    mode = f"native CLI {native}" if native else "micro-VM"
    return f"CPython {sys.version.split()[0]} vs guest ({mode})"


def report_unexpected(unexpected: list[str]) -> int:
    """Prints the results the known-differences file did not foresee; the exit status."""
    if not unexpected:
        return 0
    print("\nUnexpected results:")
    for line in unexpected:
        print(f"  {line}")
    return 1


# --- snippets (pytest) ---------------------------------------------------------------------------


def snippet(code: str) -> Program:
    return Program("snippet", "<snippet>", code)


def cpython(code: str) -> str:
    """What `code` prints under this CPython (it must succeed), in UTC like the sandbox."""
    expected = run_cpython(snippet(code), SNIPPET_TIMEOUT_SECONDS)
    assert expected.error is None, expected.stderr or expected.error
    return expected.stdout


def snippet_sandbox() -> Sandbox:
    """A sandbox for snippet comparisons (the test needs the `needs_vm` marker or fixture)."""
    from hyperlight_codeact import Sandbox

    return Sandbox(timeout_seconds=SNIPPET_TIMEOUT_SECONDS)


def assert_matches_cpython(sandbox: Sandbox, code: str) -> None:
    """`code` runs without error in the micro-VM and prints exactly what CPython prints."""
    code = code.lstrip("\n")
    expected = cpython(code)
    got = run_in_sandbox(sandbox, code)
    assert got.error is None, got.error
    assert got.stdout == expected


def load_suite(name: str) -> ModuleType:
    """tests/<name>/run.py (a directory without __init__.py) as the module `<name>_run`."""
    spec = importlib.util.spec_from_file_location(f"{name}_run", Path(__file__).parent / name / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
