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
import sys
from collections.abc import Iterable
from pathlib import Path

SUITE = Path(__file__).resolve().parent
if str(SUITE.parent) not in sys.path:
    sys.path.insert(0, str(SUITE.parent))  # tests/, for differential.py when run as a script

from differential import Program, banner, guest_runner, report_unexpected, run_cpython, short_diff  # noqa: E402
from differential import known_differences as _known_differences  # noqa: E402

KNOWN = SUITE / "known_differences.txt"


def program(path: Path) -> Program:
    """The program in `path`, run (by CPython) in its own directory; its key is `category/name.py`."""
    return Program(path.parent.name, path.name, path.read_text(encoding="utf-8"), path.parent)


def programs(selection: Iterable[str] = ()) -> list[Program]:
    """Every program of the suite, sorted; `selection` keeps those whose `category/name.py`
    starts with one of its entries (a category, `category/`, or a program)."""
    found = sorted(p for p in SUITE.glob("*/*.py") if not p.name.startswith("_"))
    wanted = [s.removeprefix("tests/fidelity/").rstrip("/") for s in selection]
    found = [p for p in found if not wanted or any(_selected(p, w) for w in wanted)]
    return [program(p) for p in found]


def _selected(path: Path, wanted: str) -> bool:
    key = f"{path.parent.name}/{path.name}"
    return key == wanted or key.startswith(wanted + "/") or key == wanted + ".py"


def known_differences() -> dict[str, str]:
    """`category/name.py` -> reason, from known_differences.txt."""
    return _known_differences(KNOWN)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("selection", nargs="*", help="categories or category/name.py to run (default: all)")
    ap.add_argument("--native", metavar="PATH", help="use the guest's native CLI instead of a micro-VM")
    ap.add_argument("-v", "--verbose", action="store_true", help="full diffs")
    args = ap.parse_args(argv)

    guest = guest_runner(args.native)
    known = known_differences()
    selected = programs(args.selection)
    by_category: dict[str, list[bool]] = {}
    differing: list[tuple[str, list[str]]] = []
    unexpected: list[str] = []
    for p in selected:
        expected, got = run_cpython(p), guest(p)
        match = expected == got
        by_category.setdefault(p.group, []).append(match)
        name = p.key
        if not match:
            differing.append((name, short_diff(expected, got, None if args.verbose else 12)))
            if name not in known:
                unexpected.append(f"{name}: differs from CPython and is not in known_differences.txt")
        elif name in known:
            unexpected.append(f"{name}: matches CPython now; remove it from known_differences.txt")

    print(banner(args.native))
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
    return report_unexpected(unexpected)


if __name__ == "__main__":
    sys.exit(main())
