"""call_tool from Python tools, through real micro-VMs."""

from __future__ import annotations

import asyncio

import pytest
from agent_framework import tool

from hyperlight_codeact import Sandbox


@tool
def get_tax_rate(region: str) -> float:
    """Tax rate of a region."""
    return {"EU": 0.2, "US": 0.08}[region]


def add(a: int, b: int) -> int:
    return a + b


async def slow_double(x: int) -> int:
    await asyncio.sleep(0.01)
    return x * 2


def explode() -> None:
    raise ValueError("the warehouse is closed")


def bad_return() -> object:
    return object()


@pytest.fixture(scope="module")
def sandbox(needs_vm: None) -> Sandbox:
    return Sandbox(tools=[get_tax_rate, add, slow_double, explode, bad_return])


def test_tools_of_every_kind_are_reachable(sandbox: Sandbox) -> None:
    assert sandbox.tool_names == ["get_tax_rate", "add", "slow_double", "explode", "bad_return"]
    r = sandbox.run(
        "print(call_tool('get_tax_rate', region='EU'), call_tool('add', a=2**70, b=1), call_tool('slow_double', x=21))"
    )
    assert r.error is None, r.stderr
    assert r.stdout == "0.2 1180591620717411303425 42\n"
    assert [c["name"] for c in r.tool_calls] == ["get_tax_rate", "add", "slow_double"]
    assert r.tool_calls[0]["arguments"] == {"region": "EU"}
    assert r.tool_calls[0]["outcome"] == "ok" and r.tool_calls[0]["duration_ms"] >= 0


def test_a_raising_tool_raises_its_own_exception_type(sandbox: Sandbox) -> None:
    r = sandbox.run("try:\n    call_tool('explode')\nexcept ValueError as e:\n    print(repr(e))")
    assert r.stdout == "ValueError('the warehouse is closed')\n"
    assert r.tool_calls[0]["outcome"] == "error"
    assert r.tool_calls[0]["error"] == 'tool "explode" failed: ValueError: the warehouse is closed'


def test_unknown_tool_lists_the_registered_ones(sandbox: Sandbox) -> None:
    r = sandbox.run("call_tool('weather')")
    assert r.exception_type == "ToolError"
    assert r.error == (
        'ToolError: unknown tool "weather"; available tools: get_tax_rate, add, slow_double, explode, bad_return'
    )


def test_non_json_values_are_type_errors_both_ways(sandbox: Sandbox) -> None:
    r = sandbox.run("call_tool('add', a=set(), b=1)")
    assert r.exception_type == "TypeError"
    assert "set is not a JSON-like value" in (r.error or "")
    r = sandbox.run("call_tool('bad_return')")
    assert r.exception_type == "ToolError"
    assert "object is not a JSON-like value" in (r.error or "")


@pytest.mark.needs_vm
def test_async_tools_run_on_the_callers_loop() -> None:
    sandbox = Sandbox(tools=[slow_double])
    seen: list[asyncio.AbstractEventLoop] = []

    async def where_am_i() -> str:
        seen.append(asyncio.get_running_loop())
        return "here"

    sandbox_loop_probe = Sandbox(tools=[where_am_i])

    async def main() -> None:
        r = await sandbox.run_async("print(call_tool('slow_double', x=5))")
        assert r.stdout == "10\n"
        r = await sandbox_loop_probe.run_async("print(call_tool('where_am_i'))")
        assert r.stdout == "here\n"
        assert seen == [asyncio.get_running_loop()]

    asyncio.run(main())


@pytest.mark.needs_vm
def test_policy_hook_denies_one_call() -> None:
    calls: list[tuple[str, dict[str, object]]] = []

    def policy(name: str, arguments: dict[str, object]) -> bool:
        calls.append((name, arguments))
        return arguments.get("a") != 13

    sandbox = Sandbox(tools=[add], on_tool_call=policy)
    r = sandbox.run(
        "out = []\nfor a in (1, 13):\n    try:\n        out.append(call_tool('add', a=a, b=1))\n"
        "    except ToolError as e:\n        out.append(str(e))\nprint(out)"
    )
    assert r.stdout == "[2, 'tool call \"add\" denied by policy: on_tool_call returned False']\n"
    assert [c["outcome"] for c in r.tool_calls] == ["ok", "denied"]
    assert calls == [("add", {"a": 1, "b": 1}), ("add", {"a": 13, "b": 1})]


def test_bad_tools_are_rejected() -> None:
    with pytest.raises(TypeError, match="not callable"):
        Sandbox(tools=[42])
    with pytest.raises(TypeError, match="two tools are named"):
        Sandbox(tools=[add, add])


@pytest.mark.needs_vm
def test_tool_calls_per_run_are_capped() -> None:
    sandbox = Sandbox(tools=[add], max_tool_calls=3)
    r = sandbox.run("for i in range(5):\n    call_tool('add', a=i, b=1)")
    assert r.error == "ToolError: tool call limit reached: at most 3 calls per run"
    # The refused fourth call is in the audit too.
    assert [c["outcome"] for c in r.tool_calls] == ["ok", "ok", "ok", "error"]
    with pytest.raises(ValueError, match="max_tool_payload_bytes must be an integer from 1024 to 67108864"):
        Sandbox(max_tool_payload_bytes=10)
