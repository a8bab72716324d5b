"""The guest/host boundary through real micro-VMs: values cross through the one codec (the
protocol crate, which the guest's C reaches over FFI) and arrive as CPython would see them;
the exception table and the system-operation table are the same on both sides."""

from __future__ import annotations

import builtins
import math

import pytest

from hyperlight_codeact import Sandbox
from hyperlight_codeact._native import MAX_VALUE_DEPTH

# Every built-in exception the protocol's table carries (BuiltinException), in its id order.
TABLE = [
    "Exception", "ArithmeticError", "AssertionError", "AttributeError", "EOFError", "ImportError",
    "ModuleNotFoundError", "LookupError", "IndexError", "KeyError", "NameError", "NotImplementedError",
    "OSError", "ConnectionError", "FileExistsError", "FileNotFoundError", "IsADirectoryError",
    "NotADirectoryError", "PermissionError", "TimeoutError", "OverflowError", "RecursionError",
    "RuntimeError", "StopIteration", "TypeError", "UnicodeError", "ValueError", "ZeroDivisionError",
]  # fmt: skip


def echo(v: object) -> object:
    return v


def raise_named(name: str) -> None:
    raise getattr(builtins, name)("from the tool")


@pytest.fixture(scope="module")
def sandbox(needs_vm: None) -> Sandbox:
    return Sandbox(tools=[echo, raise_named])


VALUES = [
    None, True, False, 0, -1, 2**62, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1, 2**200, -(10**40),
    0.5, -0.0, 1e308, math.inf, -math.inf, "", "héllo ✓ \U0001f600", [], {}, [1, [2, [3]]],
    {"a": {"b": [None, 1.5, "c"]}, "z": 0}, (1, "t"),
]  # fmt: skip


def test_values_round_trip_through_a_tool_as_cpython_sees_them(sandbox: Sandbox) -> None:
    code = f"for v in {VALUES!r}:\n    print(repr(call_tool('echo', v=v)))"
    r = sandbox.run(code.replace("inf", "float('inf')"))
    assert r.error is None, r.stderr
    # A tuple arrives as a list (JSON-like values); everything else as it was.
    expected = [repr(list(v) if isinstance(v, tuple) else v) for v in VALUES]
    assert r.stdout.splitlines() == expected


def test_the_depth_limit_is_the_same_in_the_guest_and_the_host(sandbox: Sandbox) -> None:
    # A call argument sits at depth 1: MAX_VALUE_DEPTH - 1 lists around a scalar just fit.
    fits = MAX_VALUE_DEPTH - 1
    code = (
        "def nest(n):\n    x = 0\n    for _ in range(n):\n        x = [x]\n    return x\n"
        f"print(call_tool('echo', v=nest({fits})) == nest({fits}))\n"
        f"try:\n    call_tool('echo', v=nest({fits + 1}))\nexcept ValueError as e:\n    print(e)\n"
    )
    r = sandbox.run(code)
    assert r.error is None, r.stderr
    assert r.stdout == "True\ncall_tool: argument nested too deeply\n"
    assert MAX_VALUE_DEPTH == 64


def test_every_exception_of_the_table_arrives_as_its_own_type(sandbox: Sandbox) -> None:
    code = (
        f"for n in {TABLE!r}:\n"
        "    try:\n        call_tool('raise_named', name=n)\n"
        "    except BaseException as e:\n        print(type(e).__name__, e.args)\n"
    )
    r = sandbox.run(code)
    assert r.error is None, r.stderr
    assert r.stdout.splitlines() == [f"{n} ('from the tool',)" for n in TABLE]


def test_the_guest_refuses_an_unknown_system_operation(sandbox: Sandbox) -> None:
    r = sandbox.run(
        "import _hlc\ntry:\n    _hlc.system('fs.nope', path='/x')\nexcept ValueError as e:\n    print(e)\n"
        "print(_hlc.system('fs.exists', path='/output'))"
    )
    assert r.error is None, r.stderr
    assert r.stdout == "unknown system operation 'fs.nope'\nTrue\n"
    # Refused before it reached the host: only the known operation is in the audit.
    assert [op["op"] for op in r.host_ops] == ["fs.exists"]
