"""One Sandbox shared by threads and asyncio tasks: runs overlap on pooled micro-VMs, without cross-talk.

Overlap is asserted structurally (a tool records how many callers it had at once), never by
timing; the timings are printed for the log (`pytest -s`).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from hyperlight_codeact import ExecutionTimeout, Sandbox

pytestmark = pytest.mark.needs_vm

NAP = 0.2
RUNS = 8


class Gauge:
    """Counts callers inside a block at once; keeps the maximum and the loops they ran on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.calls = 0
        self.loops: list[asyncio.AbstractEventLoop | None] = []

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.calls += 1
            self.most = max(self.most, self.now)
            try:
                self.loops.append(asyncio.get_running_loop())
            except RuntimeError:
                self.loops.append(None)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


def napping_tools(gauge: Gauge) -> list[Callable[..., Any]]:
    def nap(i: int) -> int:
        gauge.enter()
        try:
            time.sleep(NAP)
        finally:
            gauge.leave()
        return i

    async def anap(i: int) -> int:
        gauge.enter()
        try:
            await asyncio.sleep(NAP)
        finally:
            gauge.leave()
        return i

    return [nap, anap]


def program(i: int, tool: str) -> str:
    """Sets globals, prints, naps in a tool, then checks nothing changed its state meanwhile."""
    return (
        f"me = {i}\n"
        "import sys\n"
        f"print('start', me)\n"
        f"sys.stdout.write('direct %d\\n' % me)\n"
        f"got = call_tool({tool!r}, i=me)\n"
        "assert got == me, (got, me)\n"
        "assert me == globals()['me']\n"
        f"print('end', me, 'other' in globals())\n"
        f"other = {i}\n"
    )


def expected_stdout(i: int) -> str:
    return f"start {i}\ndirect {i}\nend {i} False\n"


def check(i: int, r: Any, tool: str) -> None:
    assert r.success, (i, r)
    assert r.stdout == expected_stdout(i)
    assert [(c["name"], c["arguments"], c["outcome"]) for c in r.tool_calls] == [(tool, {"i": i}, "ok")]


@pytest.mark.parametrize("tool", ["nap", "anap"])
def test_threads_share_one_sandbox_and_run_in_parallel(tool: str) -> None:
    gauge = Gauge()
    sb = Sandbox(napping_tools(gauge), pool_size=RUNS)
    assert sb.pool_size == RUNS and 0 <= sb.vms_created <= RUNS  # 0 until the preparer makes one
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            results[i] = sb.run(program(i, tool))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(RUNS)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    print(
        f"\n{RUNS} threads, {tool} {NAP}s each: {elapsed:.3f}s (serial {RUNS * NAP:.1f}s), "
        f"{gauge.most} at once, {sb.vms_created} VMs"
    )
    assert not errors
    for i in range(RUNS):
        check(i, results[i], tool)
    assert gauge.calls == RUNS
    assert gauge.most >= 2, "no two runs were inside their tool at the same time"
    assert 2 <= sb.vms_created <= RUNS
    if tool == "anap":
        # Sync runs await coroutines on the sandbox's one private loop, all at once.
        assert gauge.loops[0] is not None and gauge.loops == gauge.loops[:1] * RUNS
    # Later runs get fresh VMs (restored in the background) and the pool stays within its size.
    for i in range(3):
        check(i, sb.run(program(i, tool)), tool)
    assert sb.vms_created <= RUNS


@pytest.mark.parametrize("tool", ["nap", "anap"])
def test_asyncio_tasks_share_one_sandbox_and_run_in_parallel(tool: str) -> None:
    gauge = Gauge()
    sb = Sandbox(napping_tools(gauge), pool_size=RUNS)

    async def main() -> tuple[list[Any], float, asyncio.AbstractEventLoop]:
        start = time.monotonic()
        results = await asyncio.gather(*(sb.run_async(program(i, tool)) for i in range(RUNS)))
        return list(results), time.monotonic() - start, asyncio.get_running_loop()

    results, elapsed, loop = asyncio.run(main())
    print(
        f"\n{RUNS} asyncio tasks, {tool} {NAP}s each: {elapsed:.3f}s (serial {RUNS * NAP:.1f}s), "
        f"{gauge.most} at once, {sb.vms_created} VMs"
    )
    for i, r in enumerate(results):
        check(i, r, tool)
    assert gauge.most >= 2, "no two runs were inside their tool at the same time"
    if tool == "anap":
        # Every coroutine ran on the caller's loop.
        assert gauge.loops == [loop] * RUNS


def test_threads_and_event_loops_mixed() -> None:
    """Two threads each run their own event loop with tasks, plus plain threads, all on one
    sandbox: each async tool runs on the loop of the run that called it."""
    gauge = Gauge()
    sb = Sandbox(napping_tools(gauge), pool_size=RUNS)
    loops: dict[int, asyncio.AbstractEventLoop] = {}
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def loop_thread(base: int) -> None:
        async def main() -> None:
            for i in (base, base + 1):
                loops[i] = asyncio.get_running_loop()
            rs = await asyncio.gather(*(sb.run_async(program(i, "anap")) for i in (base, base + 1)))
            results.update({base: rs[0], base + 1: rs[1]})

        try:
            asyncio.run(main())
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    def sync_thread(i: int) -> None:
        try:
            results[i] = sb.run(program(i, "nap" if i % 2 else "anap"))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=loop_thread, args=(b,)) for b in (0, 2)]
    threads += [threading.Thread(target=sync_thread, args=(i,)) for i in range(4, RUNS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i in range(4):
        check(i, results[i], "anap")
    for i in range(4, RUNS):
        check(i, results[i], "nap" if i % 2 else "anap")
    assert gauge.most >= 2
    # Async tools of runs from the two loop threads ran on those loops and no other.
    assert loops[0] is loops[1] and loops[2] is loops[3] and loops[0] is not loops[2]
    on_caller_loops = [lp for lp in gauge.loops if lp in (loops[0], loops[2])]
    assert on_caller_loops.count(loops[0]) == 2 and on_caller_loops.count(loops[2]) == 2


def test_pool_of_one_serialises() -> None:
    gauge = Gauge()
    sb = Sandbox(napping_tools(gauge), pool_size=1)
    threads = [threading.Thread(target=sb.run, args=(program(i, "nap"),)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gauge.calls == 3
    assert gauge.most == 1
    assert sb.vms_created == 1


def test_pool_size_default_and_bad_values() -> None:
    sb = Sandbox()
    # Not a CPU count: runs blocked in I/O-bound tools must not queue behind the cores.
    assert sb.pool_size == 32
    assert 0 <= sb.vms_created <= sb.pool_size  # 0 until the preparer (or a run) makes one
    for bad in (0, -1, 1 << 40):
        with pytest.raises(ValueError, match="pool_size"):
            Sandbox(pool_size=bad)


def test_a_failing_run_does_not_disturb_concurrent_ones() -> None:
    """One run times out and one raises, while others nap in tools on other VMs."""
    gauge = Gauge()
    sb = Sandbox(napping_tools(gauge), pool_size=4, timeout_seconds=1.0)
    outcomes: dict[str, Any] = {}

    def runner(key: str, code: str) -> None:
        try:
            outcomes[key] = sb.run(code)
        except ExecutionTimeout as e:
            outcomes[key] = e

    jobs = {
        "loop": "while True:\n    pass",
        "raise": "call_tool('nap', i=1)\nraise KeyError('boom')",
        "ok1": program(1, "nap"),
        "ok2": program(2, "anap"),
    }
    threads = [threading.Thread(target=runner, args=item) for item in jobs.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert isinstance(outcomes["loop"], ExecutionTimeout)
    assert outcomes["raise"].exception_type == "KeyError"
    check(1, outcomes["ok1"], "nap")
    check(2, outcomes["ok2"], "anap")
    # Every VM of the pool still works.
    rs = [None] * 4

    def again(i: int) -> None:
        rs[i] = sb.run(program(i, "nap"))

    threads = [threading.Thread(target=again, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(4):
        check(i, rs[i], "nap")


def test_policy_and_caps_hold_on_every_pooled_vm() -> None:
    """The tool policy and per-run caps are copied to VMs created from the snapshot."""
    gauge = Gauge()
    sb = Sandbox(
        napping_tools(gauge), pool_size=4, max_tool_calls=2, on_tool_call=lambda name, args: args.get("i") != 13
    )
    code = (
        "call_tool('nap', i=0)\n"
        "for i in (13, 1):\n"
        "    try:\n        call_tool('nap', i=i)\n    except ToolError as e:\n        print(e)\n"
    )
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(sb.run(code))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sb.vms_created >= 2
    for r in results:
        assert r.success, r
        assert r.stdout == (
            'tool call "nap" denied by policy: on_tool_call returned False\n'
            "tool call limit reached: at most 2 calls per run\n"
        ), r.stdout


def test_execute_code_tool_shared_by_concurrent_agent_runs() -> None:
    pytest.importorskip("agent_framework")
    from hyperlight_codeact import HyperlightExecuteCodeTool

    gauge = Gauge()
    tool_ = HyperlightExecuteCodeTool(tools=napping_tools(gauge))

    async def main() -> list[Any]:
        calls = [tool_.invoke(arguments={"code": program(i, "anap")}) for i in range(4)]
        return list(await asyncio.gather(*calls))

    start = time.monotonic()
    outputs = asyncio.run(main())
    print(
        f"\n4 concurrent execute_code calls, anap {NAP}s each: {time.monotonic() - start:.3f}s, "
        f"pool_size {tool_.sandbox.pool_size}"
    )
    for i, [content] in enumerate(outputs):
        assert content.text == expected_stdout(i)
        assert [c["outcome"] for c in content.raw_representation["tool_calls"]] == ["ok"]
    if tool_.sandbox.pool_size >= 2:
        assert gauge.most >= 2


def test_async_tools_may_use_to_thread_while_runs_fill_the_pool() -> None:
    """More concurrent runs than the loop's default executor has workers, each awaiting a tool
    that itself uses `asyncio.to_thread`: runs do not occupy those workers, so no deadlock."""
    gauge = Gauge()

    async def offload(i: int) -> int:
        gauge.enter()
        try:
            await asyncio.to_thread(time.sleep, 0.05)
        finally:
            gauge.leave()
        return i

    runs = (os.cpu_count() or 1) + 6  # the default executor has min(32, CPUs + 4) workers
    sb = Sandbox([offload], pool_size=runs)

    async def main() -> list[Any]:
        return list(await asyncio.gather(*(sb.run_async(program(i, "offload")) for i in range(runs))))

    for i, r in enumerate(asyncio.run(asyncio.wait_for(main(), 60))):
        check(i, r, "offload")
    assert gauge.calls == runs


def tools_threads() -> int:
    return sum(t.name == "hyperlight-codeact-tools" for t in threading.enumerate())


def test_private_loop_thread_ends_with_the_sandbox() -> None:
    import gc

    gauge = Gauge()
    # Sandboxes of earlier tests may still be waiting for collection, with their loop threads.
    gc.collect()
    before = tools_threads()
    sb = Sandbox(napping_tools(gauge), pool_size=2)
    assert sb.run("print(call_tool('anap', i=3))").stdout == "3\n"
    assert tools_threads() >= 1
    loop = gauge.loops[0]
    assert loop is not None and loop.is_running()
    del sb
    gc.collect()
    # Our sandbox's loop thread is gone (earlier ones may have ended meanwhile too).
    assert tools_threads() <= before
    assert loop.is_closed()


def test_first_async_tool_calls_from_many_threads_do_not_deadlock() -> None:
    # Several VM threads asking at once for the private loop: the one that starts its thread
    # waits for that thread, which needs the GIL; the others must wait for the lock detached
    # from Python, or nobody moves (before the fix this hung on the first fresh sandbox: with the
    # GIL held by a blocked thread, the whole process stops, so a regression hangs here).
    async def nap(x: int) -> int:
        await asyncio.sleep(0.001)
        return x

    code = "call_tool('gate')\nprint(call_tool('nap', x={}))"
    for attempt in range(10):
        barrier = threading.Barrier(8)

        def gate() -> None:
            # All 8 runs then call `nap` for the first time together (called in this iteration).
            barrier.wait(timeout=30)  # noqa: B023

        sb = Sandbox(tools=[gate, nap], pool_size=8)
        results: list[Any] = []
        threads = [
            threading.Thread(
                target=lambda i=i, sb=sb, results=results: results.append(sb.run(code.format(i))), daemon=True
            )
            for i in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not any(t.is_alive() for t in threads), f"deadlocked on fresh sandbox #{attempt}"
        assert sorted(r.stdout for r in results) == sorted(f"{i}\n" for i in range(8))
