"""The guest's `re` (guest/frozen/re.py) against CPython's `re`.

The same cases (tests/re_cases.py) run three ways: the guest module loaded into CPython (fast,
catches logic errors), and inside real micro-VMs, where MicroPython runs the frozen module; every
result, including exception types, messages and positions, must equal CPython's.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re as cpython_re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from hyperlight_codeact import Sandbox

TESTS = Path(__file__).resolve().parent
FROZEN = TESTS.parent / "guest" / "frozen"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unicode_tables():
    """The `_re_unicode` module the guest build generates, made the same way from this CPython."""
    script = TESTS.parent / "guest" / "gen_re_unicode.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True)
    module = types.ModuleType("_re_unicode")
    exec(compile(out.stdout, "_re_unicode.py", "exec"), module.__dict__)
    return module


# guest/frozen/re.py imports _re_unicode lazily; give it the same tables the guest has.
sys.modules.setdefault("_re_unicode", _unicode_tables())
guest_re = _load("guest_re", FROZEN / "re.py")
re_cases = _load("re_cases", TESTS / "re_cases.py")


def _mismatches(cases, results):
    bad = []
    for case, got in zip(cases, results, strict=False):
        want = re_cases.run_case(cpython_re, case)
        if got != want:
            bad.append(f"{case!r:.200}\n  CPython: {want!r:.300}\n  guest:   {got!r:.300}")
    return bad


def test_case_list_is_substantial() -> None:
    ops = {c[0] for c in re_cases.CASES}
    assert len(re_cases.CASES) > 1000
    assert {"search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "compile"} <= ops


def test_differential_in_cpython() -> None:
    results = [re_cases.run_case(guest_re, c) for c in re_cases.CASES]
    bad = _mismatches(re_cases.CASES, results)
    assert not bad, f"{len(bad)} of {len(re_cases.CASES)} cases differ:\n" + "\n".join(bad[:20])


# --- random patterns ----------------------------------------------------------------------------

_ATOMS = ["a", "b", "A", "1", " ", ".", "[ab]", "[^a]", "[a-c1]", r"\d", r"\w", r"\s", r"\W", "é", "É"]
_ZERO = [r"\b", r"\B", "^", "$", r"\A", r"\Z"]
_QUANTS = ["*", "+", "?", "{2}", "{1,2}", "{0,3}", "{2,}"]


def _random_pattern(r: random.Random, depth: int, ngroups: list[int]) -> str:
    out = []
    for _ in range(r.randint(1, 4)):
        x = r.random()
        single = True
        if x < 0.45 or depth > 2:
            a = r.choice(_ATOMS)
        elif x < 0.55:
            out.append(r.choice(_ZERO))
            continue
        elif x < 0.75:
            kind = r.choice(["(", "(?:", "(?P<g%d>" % ngroups[0], "(?=", "(?!", "(?>"])
            if kind in ("(", "(?P<g%d>" % ngroups[0]):
                ngroups[0] += 1
            a = kind + _random_pattern(r, depth + 1, ngroups)
            if r.random() < 0.4:
                a += "|" + _random_pattern(r, depth + 1, ngroups)
            a += ")"
            single = False
        elif x < 0.8:
            out.append("(?<=" + r.choice(["a", "b", "[ab]", r"\d", "ab"]) + ")")
            continue
        elif x < 0.85 and ngroups[0] > 1:
            a = "\\%d" % r.randint(1, ngroups[0] - 1)
            single = False
        else:
            a = r.choice(_ATOMS)
        if r.random() < 0.4:
            # CPython 3.11 mishandles possessive repeats of groups (X{2}+ fails where the
            # equivalent (?>X{2}) matches), so only single characters get a possessive '+'.
            a += r.choice(_QUANTS) + r.choice(["", "", "?", "+"] if single else ["", "", "?"])
        out.append(a)
    s = "".join(out)
    if r.random() < 0.15:
        s += "|" + _random_pattern(r, depth + 1, ngroups)
    return s


def _random_cases(seed: int, n: int) -> list[tuple]:
    r = random.Random(seed)
    cases = []
    for _ in range(n):
        p = _random_pattern(r, 0, [1])
        fl = r.choice([0, 0, 0, 2, 8, 16, 256, 2 | 8])
        s = "".join(r.choice("aab1 Aé\nÉ") for _ in range(r.randint(0, 20)))
        cases += [("search", p, fl, s), ("findall", p, fl, s), ("fullmatch", p, fl, s),
                  ("split", p, fl, s), ("sub", p, fl, "<\\g<0>>", s)]
    return cases


RANDOM_CASES = _random_cases(20261124, 400)


def test_random_patterns_in_cpython() -> None:
    results = [re_cases.run_case(guest_re, c) for c in RANDOM_CASES]
    bad = _mismatches(RANDOM_CASES, results)
    assert not bad, f"{len(bad)} of {len(RANDOM_CASES)} cases differ:\n" + "\n".join(bad[:20])


def test_compiled_patterns_are_cached() -> None:
    guest_re.purge()
    assert guest_re.compile(r"\d+") is guest_re.compile(r"\d+")
    assert guest_re.compile(r"\d+") is not guest_re.compile(r"\d+", guest_re.I)


# --- inside real micro-VMs ----------------------------------------------------------------------

_SOURCE = (TESTS / "re_cases.py").read_text()


def _guest_results(sandbox: Sandbox, program: str, count: int) -> list:
    r = sandbox.run(program)
    assert r.success, r.traceback or r.error
    lines = r.stdout.splitlines()
    assert len(lines) == count, r.stdout[-500:]
    return [json.loads(line) for line in lines]


def _encoded_mismatches(cases, results):
    bad = []
    for case, got in zip(cases, results, strict=False):
        want = json.loads(json.dumps(re_cases.encode(re_cases.run_case(cpython_re, case))))
        if got != want:
            bad.append(f"{case!r:.200}\n  CPython: {want!r:.300}\n  guest:   {got!r:.300}")
    return bad


@pytest.fixture(scope="module")
def sandbox(needs_vm: None) -> Sandbox:
    return Sandbox(timeout_seconds=120)


@pytest.mark.needs_vm
def test_guest_re_is_this_module(sandbox: Sandbox) -> None:
    r = sandbox.run("import re\nprint(re.findall(r'(?P<k>\\w+)=(\\d+)', 'a=1, bb=22'), re.fullmatch(r'a{2,3}', 'aaa') is not None)")
    assert r.stdout == "[('a', '1'), ('bb', '22')] True\n", r.stderr


@pytest.mark.needs_vm
@pytest.mark.parametrize("start", range(0, len(re_cases.CASES), 400))
def test_differential_in_guest(sandbox: Sandbox, start: int) -> None:
    cases = re_cases.CASES[start:start + 400]
    program = _SOURCE + f"\nimport re\nguest_main(re, {start}, {start + len(cases)})\n"
    bad = _encoded_mismatches(cases, _guest_results(sandbox, program, len(cases)))
    assert not bad, f"{len(bad)} of {len(cases)} cases differ:\n" + "\n".join(bad[:20])


@pytest.mark.needs_vm
def test_random_patterns_in_guest(sandbox: Sandbox) -> None:
    program = (
        _SOURCE
        + "\nimport re, json\nCASES = "
        + repr(RANDOM_CASES)
        + "\nfor c in CASES:\n    print(json.dumps(encode(run_case(re, c))))\n"
    )
    bad = _encoded_mismatches(RANDOM_CASES, _guest_results(sandbox, program, len(RANDOM_CASES)))
    assert not bad, f"{len(bad)} of {len(RANDOM_CASES)} cases differ:\n" + "\n".join(bad[:20])


@pytest.mark.needs_vm
def test_guest_handles_long_inputs_without_deep_recursion(sandbox: Sandbox) -> None:
    code = (
        "import re\n"
        "s = 'x' * 200000\n"
        "print(re.fullmatch(r'(?:x|y)*', s).end(), re.search(r'(x+x+)+y', 'x' * 12) is None)\n"
        "print(len(re.findall(r'\\w+', 'word ' * 50000)), re.sub(r'(a)(b)?', r'\\2\\1', 'ab' * 50000)[:6])\n"
    )
    r = sandbox.run(code)
    assert r.stdout == "200000 True\n50000 bababa\n", r.stderr
