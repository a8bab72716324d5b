"""Sandbox.close(), `with` and `async with`: the VMs go at once, later runs raise SandboxError."""

from __future__ import annotations

import asyncio
import threading

import pytest

from hyperlight_codeact import Sandbox, SandboxError

pytestmark = pytest.mark.needs_vm
CLOSED = "this Sandbox is closed (close() was called): create a new Sandbox to run code"


def test_close_then_run_raises_a_clear_error() -> None:
    sb = Sandbox()
    assert sb.run("print(1)").stdout == "1\n"
    assert not sb.closed and sb.vms_created >= 1
    sb.close()
    assert sb.closed and sb.vms_created == 0
    with pytest.raises(SandboxError) as e:
        sb.run("print(2)")
    assert str(e.value) == CLOSED
    sb.close()  # a second close is a no-op
    assert sb.pool_size >= 1 and "Sandbox(" in repr(sb)


def test_with_closes_on_exit_also_after_an_exception() -> None:
    with Sandbox() as sb:
        assert sb.run("print(6 * 7)").stdout == "42\n"
    assert sb.closed
    with pytest.raises(SandboxError, match="closed"):
        sb.run("1")
    with pytest.raises(KeyError), Sandbox() as sb2:
        raise KeyError("x")
    assert sb2.closed


def test_async_with_and_run_async_after_close() -> None:
    async def main() -> Sandbox:
        async with Sandbox() as sb:
            r = await sb.run_async("print('a')")
            assert r.stdout == "a\n"
        assert sb.closed
        with pytest.raises(SandboxError) as e:
            await sb.run_async("print('b')")
        assert str(e.value) == CLOSED
        return sb

    sb = asyncio.run(main())
    assert sb.closed


def test_close_while_a_run_is_under_way_lets_it_finish() -> None:
    def slow(seconds: float) -> str:
        started.set()
        threading.Event().wait(seconds)
        return "done"

    started = threading.Event()
    sb = Sandbox(tools=[slow])
    results: list[str] = []
    t = threading.Thread(target=lambda: results.append(sb.run("print(call_tool('slow', seconds=0.3))").stdout))
    t.start()
    assert started.wait(10)
    sb.close()
    t.join(10)
    assert results == ["done\n"]
    with pytest.raises(SandboxError, match="closed"):
        sb.run("1")
