"""The CPython fidelity suite (tests/fidelity/): every program prints the same under this CPython
and in the guest (a real micro-VM), except those tests/fidelity/known_differences.txt lists with
a reason; a listed program that now matches fails too, so the list stays honest."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from hyperlight_codeact import hypervisor_info

_spec = importlib.util.spec_from_file_location("fidelity_run", Path(__file__).parent / "fidelity" / "run.py")
assert _spec is not None and _spec.loader is not None
fidelity = importlib.util.module_from_spec(_spec)
sys.modules["fidelity_run"] = fidelity
_spec.loader.exec_module(fidelity)

PROGRAMS = fidelity.programs()
KNOWN = fidelity.known_differences()
HYPERVISOR = hypervisor_info()


@pytest.fixture(scope="module")
def guest() -> object:
    if not HYPERVISOR["usable"]:
        pytest.skip(f"no usable hypervisor: {HYPERVISOR['problem']}")
    return fidelity.sandbox_runner()


def test_suite_size() -> None:
    assert len(PROGRAMS) >= 170
    assert len({p.parent.name for p in PROGRAMS}) >= 10


def test_known_differences_name_real_programs() -> None:
    names = {fidelity.key(p) for p in PROGRAMS}
    assert not set(KNOWN) - names, "known_differences.txt lists programs that do not exist"
    assert all(KNOWN.values()), "every known difference needs a reason"


@pytest.mark.parametrize("path", PROGRAMS, ids=fidelity.key)
def test_program_matches_cpython(path: Path, guest: fidelity.Runner) -> None:
    expected = fidelity.run_cpython(path)
    got = guest(path)
    name = fidelity.key(path)
    diff = "\n".join(fidelity.short_diff(expected, got, None))
    if name in KNOWN:
        assert expected != got, f"{name} matches CPython now: remove it from known_differences.txt"
    else:
        assert expected == got, f"{name} differs from CPython:\n{diff}"


def test_sandbox_runner_reports_uncaught_exceptions(guest: fidelity.Runner, tmp_path: Path) -> None:
    program = tmp_path / "boom.py"
    program.write_text("print('before')\n{}['missing']\n")
    assert guest(program) == fidelity.Outcome("before\n", "KeyError: 'missing'")
    assert fidelity.run_cpython(program) == fidelity.Outcome("before\n", "KeyError: 'missing'")
