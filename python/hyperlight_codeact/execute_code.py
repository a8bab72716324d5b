"""`HyperlightExecuteCodeTool`: the Agent Framework tool that runs model-written code in a Sandbox.

The model sees one tool, `execute_code(code)`; the host tools are reachable from inside the
code through `call_tool`. The result goes back to the model as one text block (stdout,
stderr, the error with its traceback, a summary of the tool calls); the raw figures ride
along in the content's `additional_properties` for programs that inspect the transcript.
"""

from __future__ import annotations

import asyncio
import mimetypes
import threading
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from agent_framework import Content, FunctionTool

from hyperlight_codeact import ExecutionTimeout, GuestError, Sandbox
from hyperlight_codeact._access import normalize_domains, normalize_mounts
from hyperlight_codeact.instructions import build_instructions

__all__ = ["HyperlightExecuteCodeTool"]

ApprovalMode = Literal["always_require", "never_require"]

DESCRIPTION = (
    "Run a Python (MicroPython) program in a fresh, isolated micro-VM. Returns its stdout, stderr, "
    "any uncaught exception with traceback, and the host tools it called via call_tool."
)

_INPUT_SCHEMA = {
    "type": "object",
    "properties": {"code": {"type": "string", "description": "The Python program to run."}},
    "required": ["code"],
    "additionalProperties": False,
}


def _needs_approval(approval_mode: ApprovalMode, tools: Sequence[Any]) -> bool:
    # Code can call any provider tool, so one tool that needs approval makes every run need it.
    return approval_mode == "always_require" or any(
        getattr(t, "approval_mode", None) == "always_require" for t in tools
    )


def _tool_calls_summary(calls: Sequence[dict[str, Any]]) -> str:
    """`get_users ok, get_orders ok x8, get_tax_rate error (KeyError: 'XX')`: counts, not lists."""
    parts: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    order: list[tuple[str, str]] = []
    for call in calls:
        name, outcome = str(call.get("name")), str(call.get("outcome", "ok"))
        if outcome != "ok":
            order.append((f"{name} {outcome}" + (f" ({call['error']})" if call.get("error") else ""), ""))
            continue
        key = (name, outcome)
        if key not in counts:
            order.append(key)
        counts[key] = counts.get(key, 0) + 1
    for key in order:
        if key in counts:
            n = counts[key]
            parts.append(f"{key[0]} {key[1]}" + (f" x{n}" if n > 1 else ""))
        else:
            parts.append(key[0])
    return ", ".join(parts)


def render_result(result: Any) -> list[Content]:
    """An `ExecutionResult` as what the model reads: only the sections that have something in them."""
    sections: list[str] = []
    if result.stdout:
        sections.append(f"stdout:\n{result.stdout.rstrip()}")
    if result.stderr:
        sections.append(f"stderr:\n{result.stderr.rstrip()}")
    if not result.success:
        if result.traceback:
            sections.append(f"error (exit code {result.exit_code}):\n{result.traceback.rstrip()}")
        else:
            sections.append(f"error (exit code {result.exit_code}): {result.error or 'exited'}")
    if result.output_truncated:
        sections.append("(output truncated)")
    calls = list(getattr(result, "tool_calls", None) or [])
    if calls:
        sections.append(f"tool calls: {_tool_calls_summary(calls)}")
    files = list(getattr(result, "files", None) or [])
    if files:
        sections.append("files: " + ", ".join(f"{f.path} ({f.size} bytes)" for f in files))
    if not sections:
        sections.append("(no output)")
    details = {
        "exit_code": result.exit_code,
        "success": result.success,
        "error": result.error,
        "exception_type": result.exception_type,
        "tool_calls": calls,
        "host_ops": list(getattr(result, "host_ops", None) or []),
    }
    contents = [Content.from_text("\n".join(sections), additional_properties=details)]
    # Files written under /output come back as data contents, named by their sandbox path.
    for f in files:
        media_type = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        contents.append(Content.from_data(f.data, media_type, additional_properties={"path": f.path}))
    return contents


class HyperlightExecuteCodeTool(FunctionTool):
    """The `execute_code` tool: runs the model's code in a Hyperlight micro-VM with `tools` reachable.

    Use it on its own (`Agent(tools=[tool], instructions=tool.build_instructions())`) or through
    `HyperlightCodeActProvider`, which adds both on every run.
    """

    def __init__(
        self,
        *,
        tools: Iterable[Any] = (),
        approval_mode: ApprovalMode = "never_require",
        file_mounts: Iterable[Any] = (),
        allowed_domains: Iterable[Any] = (),
        workspace_root: Any = None,
        output_dir: bool = True,
        max_output_files: int = 64,
        max_output_total_bytes: int = 32 << 20,
        timeout_seconds: float = 30.0,
        memory_mb: int = 64,
        name: str = "execute_code",
        description: str = DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        tools = list(tools)
        super().__init__(
            name=name,
            description=description,
            approval_mode="always_require" if _needs_approval(approval_mode, tools) else "never_require",
            func=self._execute,
            input_model=_INPUT_SCHEMA,
            additional_properties={},
            **kwargs,
        )
        self.tools = tools
        # Normalized (and so checked) now: a bad entry fails here, not at the first run.
        self.file_mounts = normalize_mounts(file_mounts, workspace_root)
        self.allowed_domains = normalize_domains(allowed_domains)
        self.output_dir = output_dir
        self.max_output_files = max_output_files
        self.max_output_total_bytes = max_output_total_bytes
        self.timeout_seconds = timeout_seconds
        self.memory_mb = memory_mb
        self._sandbox: Sandbox | None = None
        # Creating a VM takes milliseconds and concurrent calls must not create two.
        self._sandbox_lock = threading.Lock()

    def build_instructions(self) -> str:
        """The system instructions for this tool's model: how to call tools, limits, mounts, domains."""
        return build_instructions(
            self.tools,
            file_mounts=self.file_mounts,
            allowed_domains=self.allowed_domains,
            timeout_seconds=self.timeout_seconds,
            memory_mb=self.memory_mb,
            output_dir=self.output_dir,
        )

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox runs use, created on first use and reused (each run restores fresh state)."""
        with self._sandbox_lock:
            if self._sandbox is None:
                self._sandbox = Sandbox(
                    tools=self.tools or None,
                    timeout_seconds=self.timeout_seconds,
                    memory_mb=self.memory_mb,
                    file_mounts=self.file_mounts,
                    allowed_domains=self.allowed_domains,
                    output_dir=self.output_dir,
                    max_output_files=self.max_output_files,
                    max_output_total_bytes=self.max_output_total_bytes,
                )
            return self._sandbox

    async def _execute(self, code: str) -> list[Content]:
        sandbox = await asyncio.to_thread(lambda: self.sandbox)
        try:
            run_async = getattr(sandbox, "run_async", None)
            if run_async is not None:
                result = await run_async(code)
            else:
                result = await asyncio.to_thread(sandbox.run, code)
        except ExecutionTimeout:
            # The model can fix an endless loop, so this is a result, not an exception.
            return [Content.from_text(f"error: the code ran past the {self.timeout_seconds:g} s limit and was stopped")]
        except GuestError as exc:
            return [Content.from_text(f"error: the sandbox crashed: {exc}")]
        return render_result(result)
