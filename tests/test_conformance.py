"""MicroPython's own CPython-compared tests (tests/basics, float, unicode and the extmod tests of
modules the guest has, from the fetched source) in a real micro-VM against this CPython: each
must print what CPython prints, except those tests/conformance/known_differences.txt lists with
a reason; a listed test that now passes fails too, so the list stays honest. `make conformance`
also runs HumanEval and MBPP and prints the rates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from hyperlight_codeact import hypervisor_info

_spec = importlib.util.spec_from_file_location("conformance_run", Path(__file__).parent / "conformance" / "run.py")
assert _spec is not None and _spec.loader is not None
conformance = importlib.util.module_from_spec(_spec)
sys.modules["conformance_run"] = conformance
_spec.loader.exec_module(conformance)

PROGRAMS = conformance.programs(list(conformance.MP_CORPORA))
KNOWN = conformance.known_differences()
HYPERVISOR = hypervisor_info()


@pytest.fixture(scope="module")
def guest() -> object:
    if not HYPERVISOR["usable"]:
        pytest.skip(f"no usable hypervisor: {HYPERVISOR['problem']}")
    return conformance.sandbox_runner(1)


def test_the_micropython_tests_are_there() -> None:
    if conformance.micropython_tests() is None:
        pytest.skip("no MicroPython source under build/ (make setup-micropython)")
    assert len(PROGRAMS) >= 500


def test_known_differences_name_real_tests_with_reasons() -> None:
    names = {p.key for p in PROGRAMS}
    assert not set(KNOWN) - names, f"known_differences.txt lists tests that do not exist: {set(KNOWN) - names}"
    assert all(KNOWN.values()), "every known difference needs a reason"


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.key)
def test_micropython_test_matches_cpython(program: object, guest: conformance.Runner) -> None:
    v = conformance.judge(guest, program)
    if not v.counted:
        pytest.skip("fails under CPython, or a feature check printed SKIP")
    if program.key in KNOWN:
        assert not v.passed, f"{program.key} passes now: remove it from known_differences.txt"
    else:
        assert v.passed, f"{program.key}: {v.cause()}\nexpected {v.expected}\ngot {v.got}"
