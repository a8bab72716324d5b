"""A tool's exception reaches the guest as the same built-in type with the same args, compared
with what CPython prints when the same tool runs in-process; through real micro-VMs."""

from __future__ import annotations

import asyncio
import contextlib
import io
import traceback
from collections.abc import Callable
from typing import Any

import pytest

from hyperlight_codeact import Sandbox


class NotFound(KeyError):
    """A custom class: arrives as its nearest built-in base, KeyError."""


class QuotaExceeded(RuntimeError):
    def __str__(self) -> str:
        return f"quota exceeded ({self.args[0]} calls)"


def get_weather(city: str) -> dict[str, Any]:
    if city != "Oslo":
        raise ValueError(f"unknown city: {city}")
    return {"city": city, "temp": 12}


def lookup(key: str) -> str:
    raise KeyError(key)


def find_user(user_id: int) -> str:
    raise NotFound(user_id)


def charge(amount: float) -> None:
    raise QuotaExceeded(3)


async def fetch_page(url: str) -> str:
    await asyncio.sleep(0)
    raise TimeoutError(f"timed out fetching {url}")


def crash() -> None:
    raise ZeroDivisionError("division by zero")


TOOLS: list[Callable[..., Any]] = [get_weather, lookup, find_user, charge, fetch_page, crash]

# Model-style programs: what CPython prints when `call_tool` calls the function directly.
PROGRAMS = [
    "try:\n    call_tool('get_weather', city='Atlantis')\nexcept ValueError as e:\n"
    "    print(type(e).__name__, str(e), repr(e), e.args)\n",
    "try:\n    call_tool('lookup', key='x')\nexcept KeyError as e:\n    print(str(e), repr(e), e.args)\n",
    "try:\n    call_tool('find_user', user_id=7)\nexcept LookupError as e:\n"
    "    print(isinstance(e, KeyError), e.args, str(e))\n",
    "try:\n    call_tool('charge', amount=1.5)\nexcept RuntimeError as e:\n    print('charge failed:', e)\n",
    "try:\n    call_tool('fetch_page', url='http://x')\nexcept TimeoutError as e:\n"
    "    print(isinstance(e, OSError), e)\n",
    "results = []\nfor c in ['Oslo', 'Atlantis']:\n    try:\n        results.append(call_tool('get_weather', city=c)['temp'])\n"
    "    except (KeyError, ValueError) as e:\n        results.append(f'{type(e).__name__}: {e}')\nprint(results)\n",
    "try:\n    call_tool('crash')\nexcept ArithmeticError as e:\n    print('arith', e)\n",
]


def in_cpython(code: str) -> tuple[str, str | None]:
    """stdout and the traceback's last line of `code` with the tools called in-process."""
    by_name = {t.__name__: t for t in TOOLS}

    def call_tool(name: str, **kwargs: Any) -> Any:
        result = by_name[name](**kwargs)
        return asyncio.run(result) if asyncio.iscoroutine(result) else result

    out = io.StringIO()
    last: str | None = None
    with contextlib.redirect_stdout(out):
        try:
            exec(code, {"call_tool": call_tool})
        except Exception as e:
            last = traceback.format_exception_only(type(e), e)[-1].rstrip("\n")
    return out.getvalue(), last


@pytest.fixture(scope="module")
def sandbox(needs_vm: None) -> Sandbox:
    return Sandbox(tools=TOOLS)


@pytest.mark.parametrize("code", PROGRAMS)
def test_caught_tool_exceptions_match_cpython(sandbox: Sandbox, code: str) -> None:
    expected, error = in_cpython(code)
    assert error is None
    r = sandbox.run(code)
    assert r.error is None, r.stderr
    assert r.stdout == expected


@pytest.mark.parametrize(
    "code",
    [
        "call_tool('get_weather', city='Atlantis')\n",
        "call_tool('lookup', key='x')\n",
        "call_tool('fetch_page', url='http://x')\n",
    ],
)
def test_uncaught_tool_exceptions_end_the_traceback_as_cpython(sandbox: Sandbox, code: str) -> None:
    _, last = in_cpython(code)
    r = sandbox.run(code)
    assert r.stderr.rstrip("\n").splitlines()[-1] == last
    assert r.error == last
    # The frame above it names the tool.
    name = code.split("'")[1]
    assert r.stderr.splitlines()[-2] == f'  File "<tool>", line 1, in {name}'
    assert r.tool_calls[0]["outcome"] == "error" and name in r.tool_calls[0]["error"]


def test_a_custom_class_arrives_as_its_nearest_builtin_base(sandbox: Sandbox) -> None:
    r = sandbox.run("call_tool('find_user', user_id=7)")
    assert r.error == "KeyError: 7"  # CPython would name test_tool_exceptions.NotFound


def test_run_async_awaits_async_tools_and_maps_their_exceptions(sandbox: Sandbox) -> None:
    code = PROGRAMS[4]
    r = asyncio.run(sandbox.run_async(code))  # type: ignore[attr-defined]
    assert r.stdout == in_cpython(code)[0]


@pytest.mark.needs_vm
def test_tool_error_detail_false_keeps_the_type_and_hides_the_message() -> None:
    sb = Sandbox(tools=TOOLS, tool_error_detail=False)
    r = sb.run("try:\n    call_tool('get_weather', city='Atlantis')\nexcept ValueError as e:\n    print(repr(e))")
    assert r.stdout == "ValueError('tool \"get_weather\" failed (details withheld)')\n"
    assert "Atlantis" in (r.tool_calls[0]["error"] or "")


ACALL_PROGRAM = (
    "import asyncio\n"
    "async def main():\n"
    "    try:\n        await acall_tool('get_weather', city='Atlantis')\n"
    "    except ValueError as e:\n        print(type(e).__name__, str(e), repr(e), e.args)\n"
    "    r = await asyncio.gather(acall_tool('lookup', key='k'), acall_tool('fetch_page', url='http://x'),\n"
    "                             return_exceptions=True)\n"
    "    print([(type(x).__name__, x.args) for x in r])\n"
    "asyncio.run(main())\n"
)


def test_acall_tool_raises_the_tools_own_exception_type_as_call_tool_does(sandbox: Sandbox) -> None:
    async def acall_tool(name: str, **kwargs: Any) -> Any:  # what the program means in CPython
        result = {t.__name__: t for t in TOOLS}[name](**kwargs)
        return await result if asyncio.iscoroutine(result) else result

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(ACALL_PROGRAM, {"acall_tool": acall_tool})
    r = sandbox.run(ACALL_PROGRAM)
    assert r.error is None, r.stderr
    assert r.stdout == out.getvalue()
    assert r.stdout == (
        "ValueError unknown city: Atlantis ValueError('unknown city: Atlantis') ('unknown city: Atlantis',)\n"
        "[('KeyError', ('k',)), ('TimeoutError', ('timed out fetching http://x',))]\n"
    )
    assert [c["outcome"] for c in r.tool_calls] == ["error"] * 3


def test_an_uncaught_acall_tool_exception_names_the_tool_in_its_traceback(sandbox: Sandbox) -> None:
    r = sandbox.run("import asyncio\nasyncio.run(acall_tool('get_weather', city='Atlantis'))\n")
    assert r.error == "ValueError: unknown city: Atlantis", r.stderr
    assert '  File "<tool>", line 1, in get_weather' in r.stderr.splitlines()


@pytest.mark.needs_vm
def test_tool_error_detail_false_applies_to_acall_tool_too() -> None:
    sb = Sandbox(tools=TOOLS, tool_error_detail=False)
    code = (
        "import asyncio\n"
        "try:\n    asyncio.run(acall_tool('get_weather', city='Atlantis'))\n"
        "except ValueError as e:\n    print(repr(e))"
    )
    r = sb.run(code)
    assert r.stdout == "ValueError('tool \"get_weather\" failed (details withheld)')\n", r.stderr
    assert "Atlantis" in (r.tool_calls[0]["error"] or "")


def test_sandbox_refusals_stay_tool_errors(sandbox: Sandbox) -> None:
    r = sandbox.run("call_tool('nope')")
    assert r.exception_type == "ToolError"
    denied = Sandbox(tools=TOOLS, on_tool_call=lambda name, args: False)
    r = denied.run("call_tool('crash')")
    assert r.error == 'ToolError: tool call "crash" denied by policy: on_tool_call returned False'
