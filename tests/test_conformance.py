"""MicroPython's own CPython-compared tests (tests/basics, float, unicode and the extmod tests of
modules the guest has, from the fetched source) in a real micro-VM against this CPython: each
must print what CPython prints, except those tests/conformance/known_differences.txt lists with
a reason; a listed test that now passes fails too, so the list stays honest. `make conformance`
also runs HumanEval and MBPP and prints the rates."""

from __future__ import annotations

import pytest
from differential import Program, Runner, load_suite, sandbox_runner

conformance = load_suite("conformance")

PROGRAMS = conformance.programs(list(conformance.MP_CORPORA))
KNOWN = conformance.known_differences()


@pytest.fixture(scope="module")
def guest(needs_vm: None) -> Runner:
    return sandbox_runner(1)


def test_the_micropython_tests_are_there() -> None:
    if conformance.micropython_tests() is None:
        pytest.skip("no MicroPython source under build/ (make setup-micropython)")
    assert len(PROGRAMS) >= 500


def test_known_differences_name_real_tests_with_reasons() -> None:
    names = {p.key for p in PROGRAMS}
    assert not set(KNOWN) - names, f"known_differences.txt lists tests that do not exist: {set(KNOWN) - names}"
    assert all(KNOWN.values()), "every known difference needs a reason"


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.key)
def test_micropython_test_matches_cpython(program: Program, guest: Runner) -> None:
    v = conformance.judge(guest, program)
    if not v.counted:
        pytest.skip("fails under CPython, or a feature check printed SKIP")
    if program.key in KNOWN:
        assert not v.passed, f"{program.key} passes now: remove it from known_differences.txt"
    else:
        assert v.passed, f"{program.key}: {v.cause()}\nexpected {v.expected}\ngot {v.got}"
