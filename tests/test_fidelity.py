"""The CPython fidelity suite (tests/fidelity/): every program prints the same under this CPython
and in the guest (a real micro-VM), except those tests/fidelity/known_differences.txt lists with
a reason; a listed program that now matches fails too, so the list stays honest."""

from __future__ import annotations

from pathlib import Path

import pytest
from differential import Outcome, Program, Runner, load_suite, run_cpython, sandbox_runner, short_diff

fidelity = load_suite("fidelity")

PROGRAMS = fidelity.programs()
KNOWN = fidelity.known_differences()


@pytest.fixture(scope="module")
def guest(needs_vm: None) -> Runner:
    return sandbox_runner()


def test_suite_size() -> None:
    assert len(PROGRAMS) >= 170
    assert len({p.group for p in PROGRAMS}) >= 10


def test_known_differences_name_real_programs() -> None:
    names = {p.key for p in PROGRAMS}
    assert not set(KNOWN) - names, "known_differences.txt lists programs that do not exist"
    assert all(KNOWN.values()), "every known difference needs a reason"


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.key)
def test_program_matches_cpython(program: Program, guest: Runner) -> None:
    expected = run_cpython(program)
    got = guest(program)
    name = program.key
    diff = "\n".join(short_diff(expected, got, None))
    if name in KNOWN:
        assert expected != got, f"{name} matches CPython now: remove it from known_differences.txt"
    else:
        assert expected == got, f"{name} differs from CPython:\n{diff}"


def test_sandbox_runner_reports_uncaught_exceptions(guest: Runner, tmp_path: Path) -> None:
    path = tmp_path / "boom.py"
    path.write_text("print('before')\n{}['missing']\n")
    program = fidelity.program(path)
    assert guest(program) == Outcome("before\n", "KeyError: 'missing'")
    assert run_cpython(program) == Outcome("before\n", "KeyError: 'missing'")
