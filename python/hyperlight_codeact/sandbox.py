"""`Sandbox`: the native micro-VM sandbox plus an asyncio entry point."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sys
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, cast

from hyperlight_codeact._native import ExecutionResult, SandboxError
from hyperlight_codeact._native import Sandbox as _NativeSandbox

_EXECUTOR_LOCK = threading.Lock()

# Off by default (no handler, level NOTSET under a WARNING root): enable with e.g.
# logging.getLogger("hyperlight_codeact").setLevel(logging.DEBUG) plus a handler. Policy denials
# and refused host operations are INFO, everything else DEBUG.
log = logging.getLogger("hyperlight_codeact")


def _log_run(result: ExecutionResult, seconds: float) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    calls = result.tool_calls
    log.debug(
        "run finished in %.2f ms: exit_code %d%s, %d tool call(s), %d host operation(s)",
        seconds * 1e3,
        result.exit_code,
        f", {result.exception_type}" if result.exception_type else "",
        len(calls),
        len(result.host_ops),
    )
    for call in calls:
        if call["outcome"] == "denied":
            log.info("tool call %s denied by on_tool_call: %s", call["name"], call["error"])
        else:
            log.debug("tool call %s: %s in %.3f ms", call["name"], call["outcome"], call["duration_ms"])
    for op in result.host_ops:
        if op.get("error"):
            log.info("%s %s refused or failed: %s", op["op"], op["target"], op["error"])


def _callers(tools: Any) -> Any:
    """`FunctionTool`s replaced by callers that go through `FunctionTool.invoke`; plain callables
    stay as they are (agent-framework is only needed when its tools are used)."""
    if tools is None or "agent_framework" not in sys.modules or not isinstance(tools, Iterable):
        return tools
    from agent_framework import FunctionTool

    items = list(tools)
    if not any(isinstance(t, FunctionTool) for t in items):
        return items
    from hyperlight_codeact._invoke import FunctionToolCaller

    return [FunctionToolCaller(t) if isinstance(t, FunctionTool) else t for t in items]


class Sandbox(_NativeSandbox):
    """Micro-VMs running the MicroPython guest.

    ``Sandbox(tools=None, *, timeout_seconds=30.0, memory_mb=64, isolation="fresh_vm",
    max_output_bytes=1 << 20, on_tool_call=None, pool_size=None, ready_vms=None)``. ``tools`` are plain
    callables, ``@tool`` functions or ``FunctionTool`` objects, reachable from the code as
    ``call_tool("name", **kwargs)``; ``on_tool_call(name, arguments) -> bool`` is checked before
    each tool call (False denies it) and, like a tool, waited for at most until the run's
    deadline. ``run(code)`` executes a code block with fresh state. ``max_write_bytes`` (default
    256 MiB) caps the bytes one run writes to files, ``/output`` and writable mounts together
    (rewrites included); past it writes raise ``OSError``.

    An exception a tool raises reaches the code as the same built-in type with the same args
    (a subclass as its nearest built-in base: ``class NotFound(KeyError)`` arrives as
    ``KeyError``), so ``except ValueError`` and ``str(e)`` behave as in CPython; its traceback
    ends with a ``File "<tool>", line 1, in <tool name>`` frame. ``tool_error_detail=False`` keeps
    the type but replaces the args with a generic message (the audit in ``tool_calls`` keeps the
    full one). ``ToolError`` is left for what the sandbox refuses: unknown tools, policy
    denials, call and size limits, results it cannot carry.

    Every run starts in a VM restored from the post-init snapshot that has run nothing since but
    our own warm-up; a background thread restores used VMs and keeps ``ready_vms`` (default 2)
    ready. One object may be shared by threads and asyncio tasks: concurrent runs each get their
    own VM, up to ``pool_size`` at once (default 32); more wait for one.
    ``isolation="reuse_vm_trusted"`` keeps one VM and resets only the interpreter between runs:
    for a single trusted tenant only (an interpreter memory bug would let a run affect later ones).

    A ``FunctionTool`` (``@tool``) is called through its own ``FunctionTool.invoke``: its schema
    validates and coerces the arguments, ``max_invocations`` and ``invocation_count`` apply,
    and OpenTelemetry spans are recorded; its raw return value goes to the guest.
    ``close()`` (or leaving ``with Sandbox() as sb:`` / ``async with Sandbox() as sb:``)
    releases the VMs at once; runs under way finish, later runs raise ``SandboxError``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The native __new__ has made the VM; this only reports it.
        log.debug("sandbox created: %r, pool_size %d, tools %s", self, self.pool_size, self.tool_names)

    def run(self, code: str) -> ExecutionResult:
        """Runs ``code`` with fresh Python state and returns what it produced; an exception
        raised by the code is reported in the result, not raised."""
        started = time.perf_counter()
        log.debug("run: %d characters of code", len(code))
        result = super().run(code)
        _log_run(result, time.perf_counter() - started)
        return result

    def _run_with_loop(self, code: str, event_loop: Any) -> ExecutionResult:
        started = time.perf_counter()
        log.debug("run_async: %d characters of code", len(code))
        result = super()._run_with_loop(code, event_loop)
        _log_run(result, time.perf_counter() - started)
        return result

    def close(self) -> None:
        """Releases the micro-VMs and worker threads now; later runs raise ``SandboxError``.
        Runs already under way finish first. Closing again does nothing."""
        if not self.closed:
            log.debug("sandbox closed: %r", self)
        super().close()
        workers = self.__dict__.pop("_run_workers", None)
        if workers is not None:
            workers.shutdown(wait=False)

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Sandbox:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Dropping VMs takes a moment: off the event loop.
        await asyncio.to_thread(self.close)

    def __new__(cls, tools: Iterable[Any] | None = None, **kwargs: Any) -> Sandbox:
        return cast(Sandbox, super().__new__(cls, _callers(tools), **kwargs))

    async def run_async(self, code: str) -> ExecutionResult:
        """Runs ``code`` without blocking the event loop; ``async def`` tools are awaited on
        this (the caller's) loop, while the VM runs on a worker thread."""
        loop = asyncio.get_running_loop()
        if self.closed:
            raise SandboxError("this Sandbox is closed (close() was called): create a new Sandbox to run code")
        # The sandbox's own workers (at most pool_size, created as needed and reused), not the
        # loop's default executor: runs blocked on a tool must not starve the tool's own
        # `asyncio.to_thread` calls, and up to pool_size runs proceed at once.
        context = contextvars.copy_context()
        return await loop.run_in_executor(self._workers(), context.run, self._run_with_loop, code, loop)

    def _workers(self) -> ThreadPoolExecutor:
        workers = self.__dict__.get("_run_workers")
        if workers is None:
            with _EXECUTOR_LOCK:
                workers = self.__dict__.get("_run_workers")
                if workers is None:
                    # Idle workers exit when the executor (with this sandbox) is collected.
                    workers = ThreadPoolExecutor(self.pool_size, thread_name_prefix="hyperlight-codeact-run")
                    self.__dict__["_run_workers"] = workers
        return workers
