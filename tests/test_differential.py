"""The shared differential harness (tests/differential.py): how an outcome is read from CPython
and from the guest, the diff, and the known-differences file."""

from __future__ import annotations

from pathlib import Path

import pytest
from differential import Outcome, Program, known_differences, run_cpython, run_in_sandbox, short_diff

from hyperlight_codeact import Sandbox


def test_cpython_outcomes() -> None:
    assert run_cpython(Program("t", "ok.py", "print('a\\rb')")) == Outcome("a\rb\n", None)  # no newline translation
    assert run_cpython(Program("t", "exit.py", "print(1)\nimport sys\nsys.exit(3)")) == Outcome("1\n", "exit 3")
    boom = run_cpython(Program("t", "boom.py", "raise KeyError('k')"))
    assert boom == Outcome("", "KeyError: 'k'") and "Traceback" in boom.stderr
    assert run_cpython(Program("t", "slow.py", "while True: pass"), timeout=1) == Outcome("", "timeout")


def test_cpython_runs_in_the_programs_directory(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("here\n")
    assert run_cpython(Program("t", "read.py", "print(open('data.txt').read(), end='')", tmp_path)).stdout == "here\n"


def test_short_diff_and_render() -> None:
    expected, got = Outcome("a\nb\n", None), Outcome("a\nc\n", "ValueError: x")
    assert got.render() == ["a", "c", "!! ValueError: x"]
    assert short_diff(expected, got) == ["@@ -1,2 +1,3 @@", " a", "-b", "+c", "+!! ValueError: x"]
    long = short_diff(Outcome("\n".join(map(str, range(40))), None), Outcome("", None), limit=5)
    assert long[-1] == "... (36 more diff lines)" and len(long) == 6


def test_known_differences_file(tmp_path: Path) -> None:
    f = tmp_path / "known_differences.txt"
    f.write_text("# a comment\n\nstrings/a.py  the reason, in words\nmp-basics/b.py why\n")
    assert known_differences(f) == {"strings/a.py": "the reason, in words", "mp-basics/b.py": "why"}
    assert known_differences(tmp_path / "missing.txt") == {}


@pytest.mark.needs_vm
def test_guest_outcomes() -> None:
    sandbox = Sandbox(timeout_seconds=1)
    assert run_in_sandbox(sandbox, "print(1)\nimport sys\nsys.exit(3)") == Outcome("1\n", "exit 3")
    assert run_in_sandbox(sandbox, "print('x')\n{}['k']") == Outcome("x\n", "KeyError: 'k'")
    assert run_in_sandbox(sandbox, "while True:\n    pass") == Outcome("", "timeout")
