"""`Sandbox`: the native micro-VM sandbox plus an asyncio entry point."""

from __future__ import annotations

import asyncio

from hyperlight_codeact._native import ExecutionResult
from hyperlight_codeact._native import Sandbox as _NativeSandbox


class Sandbox(_NativeSandbox):
    """One micro-VM running the MicroPython guest.

    ``Sandbox(tools=None, *, timeout_seconds=30.0, memory_mb=64, fresh_vm_per_run=False,
    max_output_bytes=1 << 20, on_tool_call=None)``. ``tools`` are plain callables, ``@tool``
    functions or ``FunctionTool`` objects, reachable from the code as
    ``call_tool("name", **kwargs)``; ``on_tool_call(name, arguments) -> bool`` is checked before
    each tool call (False denies it). ``run(code)`` executes a code block with fresh state.
    """

    async def run_async(self, code: str) -> ExecutionResult:
        """Runs ``code`` without blocking the event loop; ``async def`` tools are awaited on
        this (the caller's) loop, while the VM runs on a worker thread."""
        loop = asyncio.get_running_loop()
        return await asyncio.to_thread(self._run_with_loop, code, loop)
