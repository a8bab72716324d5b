"""CPython fidelity suite: runs every `tests/fidelity/<category>/<name>.py` under this CPython
(`sys.executable`) and in the guest, and compares what each printed.

A program's outcome is its stdout plus, when it ended with an uncaught exception, the last line
of the traceback (`Type: message`); a non-zero `sys.exit()` code counts as `exit N`. The guest is
a real micro-VM (`hyperlight_codeact.Sandbox`, one sandbox, one run per program) unless
`--native PATH` names the guest's native CLI (no VM; fastest for iteration).

    python tests/fidelity/run.py                 # all programs, micro-VM
    python tests/fidelity/run.py --native guest/target/release/hyperlight-codeact-guest
    python tests/fidelity/run.py strings json/   # only these programs or categories
    python tests/fidelity/run.py -v              # full diffs

Prints the match rate per category and the differing programs with a short diff. Exits 1 when
a program differs that `known_differences.txt` does not list, or a listed one now matches.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SUITE = Path(__file__).resolve().parent
KNOWN = SUITE / "known_differences.txt"
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Outcome:
    stdout: str
    error: str | None  # "Type: message" of an uncaught exception, "exit N", or None

    def render(self) -> list[str]:
        lines = self.stdout.splitlines()
        if self.error is not None:
            lines.append(f"!! {self.error}")
        return lines


def programs(selection: Iterable[str] = ()) -> list[Path]:
    """Every program of the suite, sorted; `selection` keeps those whose `category/name.py`
    starts with one of its entries (a category, `category/`, or a program)."""
    found = sorted(p for p in SUITE.glob("*/*.py") if not p.name.startswith("_"))
    wanted = [s.removeprefix("tests/fidelity/").rstrip("/") for s in selection]
    if not wanted:
        return found
    return [p for p in found if any(key(p) == w or key(p).startswith(w + "/") or key(p) == w + ".py" for w in wanted)]


def key(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def known_differences() -> dict[str, str]:
    """`category/name.py` -> reason, from known_differences.txt (`# comments`, blank lines)."""
    known: dict[str, str] = {}
    if KNOWN.exists():
        for line in KNOWN.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else ""


def _error_from_process(returncode: int, stderr: str) -> str | None:
    if returncode == 0:
        return None
    if "Traceback (most recent call last)" in stderr or "Error" in _last_line(stderr):
        return _last_line(stderr)
    return f"exit {returncode}"


def run_cpython(path: Path) -> Outcome:
    p = subprocess.run(
        [sys.executable, "-I", "-X", "utf8", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT_SECONDS,
    )
    return Outcome(p.stdout, _error_from_process(p.returncode, p.stderr))


Runner = Callable[[Path], Outcome]


def native_runner(cli: str) -> Runner:
    def run(path: Path) -> Outcome:
        p = subprocess.run(
            [cli, str(path)], capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS
        )
        return Outcome(p.stdout, _error_from_process(p.returncode, p.stderr))

    return run


def sandbox_runner() -> Runner:
    from hyperlight_codeact import Sandbox

    sandbox = Sandbox(timeout_seconds=TIMEOUT_SECONDS)

    def run(path: Path) -> Outcome:
        r = sandbox.run(path.read_text(encoding="utf-8"))
        if r.error is not None:
            error: str | None = r.error
        elif r.exit_code != 0:
            error = f"exit {r.exit_code}"
        else:
            error = None
        return Outcome(r.stdout, error)

    return run


def short_diff(expected: Outcome, got: Outcome, limit: int | None = 12) -> list[str]:
    diff = list(
        difflib.unified_diff(expected.render(), got.render(), "cpython", "guest", lineterm="", n=1)
    )[2:]
    if limit is not None and len(diff) > limit:
        diff = diff[:limit] + [f"... ({len(diff) - limit} more diff lines)"]
    return diff


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("selection", nargs="*", help="categories or category/name.py to run (default: all)")
    ap.add_argument("--native", metavar="PATH", help="use the guest's native CLI instead of a micro-VM")
    ap.add_argument("-v", "--verbose", action="store_true", help="full diffs")
    args = ap.parse_args(argv)

    guest = native_runner(args.native) if args.native else sandbox_runner()
    known = known_differences()
    selected = programs(args.selection)
    by_category: dict[str, list[bool]] = {}
    differing: list[tuple[str, list[str]]] = []
    unexpected: list[str] = []
    for path in selected:
        expected, got = run_cpython(path), guest(path)
        match = expected == got
        by_category.setdefault(path.parent.name, []).append(match)
        name = key(path)
        if not match:
            differing.append((name, short_diff(expected, got, None if args.verbose else 12)))
            if name not in known:
                unexpected.append(f"{name}: differs from CPython and is not in known_differences.txt")
        elif name in known:
            unexpected.append(f"{name}: matches CPython now; remove it from known_differences.txt")

    mode = f"native CLI {args.native}" if args.native else "micro-VM"
    print(f"CPython {sys.version.split()[0]} vs guest ({mode})")
    width = max((len(c) for c in by_category), default=8)
    for category, results in sorted(by_category.items()):
        n, ok = len(results), sum(results)
        print(f"  {category:<{width}}  {ok:>3}/{n:<3}  {100.0 * ok / n:5.1f}%")
    total = sum(len(r) for r in by_category.values())
    ok_total = sum(sum(r) for r in by_category.values())
    if total:
        print(f"  {'TOTAL':<{width}}  {ok_total:>3}/{total:<3}  {100.0 * ok_total / total:5.1f}%")
    if differing:
        print(f"\n{len(differing)} differing program(s):")
        for name, diff in differing:
            reason = known.get(name)
            print(f"\n--- {name}" + (f"  (known: {reason})" if reason else "  (NOT in known_differences.txt)"))
            for line in diff:
                print(f"    {line}")
    if unexpected:
        print("\nUnexpected results:")
        for line in unexpected:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
