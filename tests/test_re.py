"""The guest's `re` against CPython's `re`.

The guest runs CPython 3.11's own `re`: Lib/re (the pattern compiler, frozen from the fetched
CPython source) over CPython's C matcher (Modules/_sre, compiled into the guest by
guest/c/hlc_sre.c, with guest/frozen/_sre.py as the `_sre` interface). The cases of
tests/re_cases.py and random patterns run inside real micro-VMs; every result, including
exception types, messages and positions, must equal CPython's.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re as cpython_re
from pathlib import Path

import pytest

from hyperlight_codeact import Sandbox

TESTS = Path(__file__).resolve().parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


re_cases = _load("re_cases", TESTS / "re_cases.py")


def test_case_list_is_substantial() -> None:
    ops = {c[0] for c in re_cases.CASES}
    assert len(re_cases.CASES) > 1000
    assert {"search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split", "compile"} <= ops


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
        cases += [
            ("search", p, fl, s),
            ("findall", p, fl, s),
            ("fullmatch", p, fl, s),
            ("split", p, fl, s),
            ("sub", p, fl, "<\\g<0>>", s),
        ]
    return cases


RANDOM_CASES = _random_cases(20261124, 400)


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
def test_guest_re_is_cpythons(sandbox: Sandbox) -> None:
    r = sandbox.run(
        "import re, _sre\n"
        "print(re.findall(r'(?P<k>\\w+)=(\\d+)', 'a=1, bb=22'), re.fullmatch(r'a{2,3}', 'aaa') is not None)\n"
        "print(_sre.MAGIC, _sre.CODESIZE, _sre.MAXREPEAT, _sre.MAXGROUPS, re._compiler.__name__, re._parser.__name__)\n"
        "print(re.compile(r'\\d+') is re.compile(r'\\d+'), re.compile(r'\\d+') is not re.compile(r'\\d+', re.I))\n"
    )
    import _sre

    want = (
        "[('a', '1'), ('bb', '22')] True\n"
        f"{_sre.MAGIC} {_sre.CODESIZE} {_sre.MAXREPEAT} {_sre.MAXGROUPS} re._compiler re._parser\n"
        "True True\n"
    )
    assert r.stdout == want, r.stderr


@pytest.mark.needs_vm
@pytest.mark.parametrize("start", range(0, len(re_cases.CASES), 400))
def test_differential_in_guest(sandbox: Sandbox, start: int) -> None:
    cases = re_cases.CASES[start : start + 400]
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


@pytest.mark.needs_vm
def test_a_bytearray_subject_resized_by_a_callback_is_matched_safely(sandbox: Sandbox) -> None:
    # The matcher works on a copy of a resizable subject: a sub() callback that grows the
    # bytearray (moving it and freeing its old storage) cannot make it read freed memory. CPython
    # refuses the resize instead (BufferError); both leave the matches of the original bytes.
    program = """
import re
b = bytearray(b'a1 b22 c333 ' * 200)
seen = []
def cb(m):
    seen.append(m.group())
    b.extend(b'Z' * 5000)
    junk = [bytes(5000) for _ in range(4)]
    return b'#'
try:
    out = re.sub(rb'[a-z]\\d+', cb, b)
except BufferError:
    out = None
print(len(seen), seen[:3], None if out is None else bytes(out[:8]))
"""
    r = sandbox.run(program)
    assert r.success, r.stderr
    assert r.stdout == "600 [b'a1', b'b22', b'c333'] b'# # # # '\n", r.stdout
