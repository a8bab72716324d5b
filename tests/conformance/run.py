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
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KNOWN = HERE / "known_differences.txt"
TIMEOUT_SECONDS = 30.0
MP_CORPORA = {"mp-basics": "basics", "mp-float": "float", "mp-unicode": "unicode", "mp-extmod": "extmod"}
ALL_CORPORA = ["humaneval", "mbpp", *MP_CORPORA]
# extmod tests of the modules the guest has (the others test modules left out on purpose:
# asyncio until it lands, btree, cryptolib, deflate, framebuf, machine, socket, ssl, vfs, ...).
EXTMOD_PREFIXES = ("json", "re_", "re1", "heapq", "binascii", "random", "hashlib")


@dataclass(frozen=True)
class Program:
    corpus: str
    name: str
    source: str
    cwd: Path | None = None  # run CPython here (MicroPython tests read data files next to them)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.name}"


@dataclass(frozen=True)
class Outcome:
    stdout: str
    error: str | None  # last traceback line, "exit N", "timeout", or None


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


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[-1].strip() if lines else ""


def _error(returncode: int, stderr: str) -> str | None:
    if returncode == 0:
        return None
    if "Traceback (most recent call last)" in stderr or "Error" in _last_line(stderr):
        return _last_line(stderr)
    return f"exit {returncode}"


def _decoded(r: subprocess.CompletedProcess[bytes]) -> Outcome:
    # Decoded by hand: text mode would translate a printed "\r" into "\n" (universal newlines).
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    return Outcome(out, _error(r.returncode, err))


def run_cpython(p: Program) -> Outcome:
    with tempfile.NamedTemporaryFile("w", suffix=".py", encoding="utf-8", delete=False) as f:
        f.write(p.source)
    try:
        r = subprocess.run(
            [sys.executable, "-I", "-X", "utf8", f.name],
            cwd=p.cwd,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=dict(os.environ, TZ="UTC"),
        )
    except subprocess.TimeoutExpired:
        return Outcome("", "timeout")
    finally:
        os.unlink(f.name)
    return _decoded(r)


Runner = Callable[[Program], Outcome]


def native_runner(cli: str) -> Runner:
    def run(p: Program) -> Outcome:
        with tempfile.NamedTemporaryFile("w", suffix=".py", encoding="utf-8", delete=False) as f:
            f.write(p.source)
        try:
            r = subprocess.run([cli, f.name], capture_output=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return Outcome("", "timeout")
        finally:
            os.unlink(f.name)
        return _decoded(r)

    return run


def sandbox_runner(pool_size: int = 2) -> Runner:
    from hyperlight_codeact import ExecutionTimeout, GuestError, Sandbox

    sandbox = Sandbox(timeout_seconds=TIMEOUT_SECONDS, pool_size=pool_size)

    def run(p: Program) -> Outcome:
        try:
            r = sandbox.run(p.source)
        except ExecutionTimeout:
            return Outcome("", "timeout")
        except GuestError as e:
            return Outcome("", f"GuestError: {e}")
        if r.error is not None:
            return Outcome(r.stdout, r.error)
        return Outcome(r.stdout, f"exit {r.exit_code}" if r.exit_code != 0 else None)

    return run


@dataclass(frozen=True)
class Verdict:
    program: Program
    expected: Outcome
    got: Outcome

    @property
    def counted(self) -> bool:
        if self.program.corpus.startswith("mp-"):
            return self.expected.error is None and self.got.stdout.strip() != "SKIP"
        return self.expected.error is None

    @property
    def passed(self) -> bool:
        if self.program.corpus.startswith("mp-"):
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
    known: dict[str, str] = {}
    if KNOWN.exists():
        for line in KNOWN.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                known[name] = reason.strip()
    return known


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpora", nargs="*", choices=[[], *ALL_CORPORA], help="corpora to run (default: all)")
    ap.add_argument("--native", metavar="PATH", help="use the guest's native CLI instead of micro-VMs")
    ap.add_argument("--jobs", type=int, default=2, help="programs run at once (default 2)")
    ap.add_argument("--examples", type=int, default=4, help="program names shown per cause")
    args = ap.parse_args(argv)
    selection = args.corpora or ALL_CORPORA

    guest = native_runner(args.native) if args.native else sandbox_runner(args.jobs)
    selected = programs(selection)
    with ThreadPoolExecutor(args.jobs) as pool:
        verdicts = list(pool.map(lambda p: judge(guest, p), selected))

    known = known_differences()
    mode = f"native CLI {args.native}" if args.native else "micro-VM"
    print(f"CPython {sys.version.split()[0]} vs guest ({mode})")
    unexpected: list[str] = []
    for corpus in selection:
        mine = [v for v in verdicts if v.program.corpus == corpus]
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
    if unexpected:
        print("\nUnexpected results:")
        for line in unexpected:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
