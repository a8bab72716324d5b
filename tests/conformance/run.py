"""Conformance on code nobody here wrote: runs outside corpora under this CPython
(`sys.executable`, 3.11) and in the guest, and prints the pass rate per corpus and the failures
grouped by cause.

Corpora:
- `humaneval`, `mbpp`: the task sets in the shared corpora directory (`$HLC_CORPORA`, else
  `../shared/corpora` from the project's root or its parent); read from there, never copied.
  A task passes when its program (the README's recipe) ends without an exception.
- `mp-basics`, `mp-float`, `mp-unicode`, `mp-extmod`: MicroPython's own CPython-compared tests
  (those without a `.exp` file) from the fetched source tree (build/micropython-*/tests), the
  extmod ones only for modules the guest has. A test passes when the guest prints what CPython
  prints (stdout plus the last traceback line); one CPython itself fails, or that prints SKIP in
  the guest (a feature check MicroPython's runner skips too), is not counted.

    python tests/conformance/run.py                    # every corpus, micro-VM
    python tests/conformance/run.py mp-basics humaneval
    python tests/conformance/run.py --native guest/target/release/hyperlight-codeact-guest

Exits 1 when a MicroPython test fails that known_differences.txt does not list, or a listed one
passes (the HumanEval and MBPP rates are reported, not gated).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # tests/, for differential.py when run as a script

from differential import Outcome, Program, Runner, banner, guest_runner, report_unexpected, run_cpython  # noqa: E402
from differential import known_differences as _known_differences  # noqa: E402

KNOWN = HERE / "known_differences.txt"
MP_CORPORA = {"mp-basics": "basics", "mp-float": "float", "mp-unicode": "unicode", "mp-extmod": "extmod"}
ALL_CORPORA = ["humaneval", "mbpp", *MP_CORPORA]
# extmod tests of the modules the guest has (the others test modules left out on purpose:
# asyncio until it lands, btree, cryptolib, deflate, framebuf, machine, socket, ssl, vfs, ...).
EXTMOD_PREFIXES = ("json", "re_", "re1", "heapq", "binascii", "random", "hashlib")


def corpora_dir() -> Path | None:
    env = os.environ.get("HLC_CORPORA")
    candidates = [Path(env)] if env else [ROOT.parent / "shared" / "corpora", ROOT.parent.parent / "shared" / "corpora"]
    return next((c for c in candidates if c.is_dir()), None)


def micropython_tests() -> Path | None:
    found = sorted((ROOT / "build").glob("micropython-*/tests"))
    return found[-1] if found else None


def humaneval(directory: Path) -> Iterator[Program]:
    with gzip.open(directory / "HumanEval.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            src = t["prompt"] + t["canonical_solution"] + "\n" + t["test"] + "\n" + f"check({t['entry_point']})\n"
            yield Program("humaneval", t["task_id"].replace("/", "_"), src)


def mbpp(directory: Path) -> Iterator[Program]:
    with open(directory / "mbpp.jsonl", encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            src = t["test_setup_code"] + "\n" + t["code"] + "\n" + "\n".join(t["test_list"]) + "\n"
            yield Program("mbpp", f"task_{t['task_id']}", src)


def micropython(corpus: str, tests: Path) -> Iterator[Program]:
    directory = tests / MP_CORPORA[corpus]
    for path in sorted(directory.glob("*.py")):
        if path.with_name(path.name + ".exp").exists():
            continue  # compared against MicroPython's own expected output, not CPython's
        if corpus == "mp-extmod" and not path.name.startswith(EXTMOD_PREFIXES):
            continue
        yield Program(corpus, path.name, path.read_text(encoding="utf-8", errors="replace"), directory)


def programs(selection: list[str]) -> list[Program]:
    out: list[Program] = []
    corpora, tests = corpora_dir(), micropython_tests()
    for corpus in selection:
        if corpus in ("humaneval", "mbpp"):
            if corpora is None:
                print(f"{corpus}: corpora directory not found (set HLC_CORPORA)", file=sys.stderr)
                continue
            out.extend(humaneval(corpora) if corpus == "humaneval" else mbpp(corpora))
        elif tests is None:
            print(f"{corpus}: no MicroPython source under build/ (make setup-micropython)", file=sys.stderr)
        else:
            out.extend(micropython(corpus, tests))
    return out


@dataclass(frozen=True)
class Verdict:
    program: Program
    expected: Outcome
    got: Outcome

    @property
    def counted(self) -> bool:
        if self.program.group.startswith("mp-"):
            return self.expected.error is None and self.got.stdout.strip() != "SKIP"
        return self.expected.error is None

    @property
    def passed(self) -> bool:
        if self.program.group.startswith("mp-"):
            return self.expected == self.got
        return self.got.error is None

    def cause(self) -> str:
        """The failure's cause, normalised so alike failures group together."""
        if self.got.error is not None and self.got.error != self.expected.error:
            text = self.got.error
        else:
            text = "output differs from CPython's"
        text = re.sub(r"'[^']*'", "'…'", text)
        text = re.sub(r"\d+", "N", text)
        return text[:100]


def judge(guest: Runner, p: Program) -> Verdict:
    return Verdict(p, run_cpython(p), guest(p))


def known_differences() -> dict[str, str]:
    """`corpus/name` -> reason, from known_differences.txt."""
    return _known_differences(KNOWN)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="*", choices=[[], *ALL_CORPORA], help="corpora to run (default: all)")
    ap.add_argument("--native", metavar="PATH", help="use the guest's native CLI instead of micro-VMs")
    ap.add_argument("--jobs", type=int, default=2, help="programs run at once (default 2)")
    ap.add_argument("--examples", type=int, default=4, help="program names shown per cause")
    args = ap.parse_args(argv)
    selection = args.corpora or ALL_CORPORA

    guest = guest_runner(args.native, args.jobs)
    selected = programs(selection)
    with ThreadPoolExecutor(args.jobs) as pool:
        verdicts = list(pool.map(lambda p: judge(guest, p), selected))

    known = known_differences()
    print(banner(args.native))
    unexpected: list[str] = []
    for corpus in selection:
        mine = [v for v in verdicts if v.program.group == corpus]
        counted = [v for v in mine if v.counted]
        ok = sum(v.passed for v in counted)
        left_out = len(mine) - len(counted)
        rate = 100.0 * ok / len(counted) if counted else 0.0
        note = f"  ({left_out} not counted: fail under CPython or SKIP in the guest)" if left_out else ""
        print(f"  {corpus:<11} {ok:>4}/{len(counted):<4} {rate:5.1f}%{note}")
        failures = [v for v in counted if not v.passed]
        causes: dict[str, list[str]] = {}
        for v in failures:
            causes.setdefault(v.cause(), []).append(v.program.name)
        for cause, names in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = ", ".join(names[: args.examples]) + (", ..." if len(names) > args.examples else "")
            print(f"      {len(names):>3}  {cause}   [{shown}]")
        if corpus.startswith("mp-"):
            for v in counted:
                if not v.passed and v.program.key not in known:
                    unexpected.append(f"{v.program.key}: fails ({v.cause()}) and is not in known_differences.txt")
                elif v.passed and v.program.key in known:
                    unexpected.append(f"{v.program.key}: passes now; remove it from known_differences.txt")
    return report_unexpected(unexpected)


if __name__ == "__main__":
    sys.exit(main())
