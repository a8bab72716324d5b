"""`HyperlightCodeActProvider`: adds the CodeAct instructions and `execute_code` to every agent run.

A drop-in for agent-framework-hyperlight's class of the same name. Tools given to the provider
are reachable only from inside `execute_code` (through `call_tool`); tools given to
`Agent(tools=...)` stay direct tools with their own approval mode. A tool given to both is
reachable both ways. Each run gets a snapshot of the provider's configuration (a fresh run tool),
so changing the provider between runs changes what the next run sees, never a run under way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from agent_framework import AgentSession, ContextProvider, FunctionTool, SessionContext

from hyperlight_codeact._access import AllowedDomain, AllowedDomainInput, FileMount, FileMountInput
from hyperlight_codeact.execute_code import (
    DEFAULT_INCLUDE_DETAILED_ERRORS,
    DEFAULT_MAX_OUTPUT_FILE_BYTES,
    DEFAULT_MAX_OUTPUT_FILES,
    DEFAULT_MAX_OUTPUT_TOTAL_BYTES,
    DEFAULT_MAX_WRITE_BYTES,
    ApprovalMode,
    HyperlightExecuteCodeTool,
)
from hyperlight_codeact.instructions import ToolDescriptionFormat

__all__ = ["HyperlightCodeActProvider"]


def _agent_function_middleware(agent: Any) -> list[Any]:
    """The function middleware a direct tool call of `agent` runs through: its chat client's,
    then the agent's own (as Agent Framework orders them)."""
    from agent_framework._middleware import categorize_middleware

    client = getattr(agent, "client", None)
    found = list(getattr(client, "function_middleware", None) or [])
    own = getattr(agent, "middleware", None)
    if own:
        found += categorize_middleware(own)["function"]
    return found


class HyperlightCodeActProvider(ContextProvider):
    """Context provider giving every agent run a Hyperlight `execute_code` tool and its instructions.

    Takes the same keyword arguments as `HyperlightExecuteCodeTool` (tools, mounts, domains,
    limits, ...) after an optional positional `source_id`. Before each run it snapshots its
    configuration into a fresh run tool, records `run_tool.build_serializable_state()` (tool
    names, approval mode, mounts, ...) under `state[source_id]`, and adds the instructions and the
    run tool. The agent's function middleware (`Agent(middleware=...)` and the chat client's)
    also sees each `call_tool` made from the code.
    """

    DEFAULT_SOURCE_ID = "hyperlight_codeact"

    def __init__(
        self,
        source_id: str = DEFAULT_SOURCE_ID,
        *,
        tools: FunctionTool | Callable[..., Any] | Sequence[FunctionTool | Callable[..., Any]] | None = None,
        tool_description_format: ToolDescriptionFormat = "compact",
        approval_mode: ApprovalMode | None = None,
        workspace_root: str | Path | None = None,
        file_mounts: FileMountInput | Sequence[FileMountInput] | None = None,
        allowed_domains: AllowedDomainInput | Sequence[AllowedDomainInput] | None = None,
        max_output_files: int = DEFAULT_MAX_OUTPUT_FILES,
        max_output_file_bytes: int = DEFAULT_MAX_OUTPUT_FILE_BYTES,
        max_output_total_bytes: int = DEFAULT_MAX_OUTPUT_TOTAL_BYTES,
        max_write_bytes: int = DEFAULT_MAX_WRITE_BYTES,
        backend: str = "wasm",
        module: str | None = "python_guest.path",
        module_path: str | None = None,
        execution_timeout_seconds: float | None = None,
        include_detailed_errors: bool = DEFAULT_INCLUDE_DETAILED_ERRORS,
        timeout_seconds: float | None = None,
        memory_mb: int = 64,
        output_dir: bool = True,
    ) -> None:
        if not isinstance(source_id, str) or not source_id:
            raise TypeError(f"source_id must be a non-empty str, not {source_id!r}")
        super().__init__(source_id)
        self._execute_code_tool = HyperlightExecuteCodeTool(
            tools=tools,
            tool_description_format=tool_description_format,
            approval_mode=approval_mode,
            workspace_root=workspace_root,
            file_mounts=file_mounts,
            allowed_domains=allowed_domains,
            max_output_files=max_output_files,
            max_output_file_bytes=max_output_file_bytes,
            max_output_total_bytes=max_output_total_bytes,
            max_write_bytes=max_write_bytes,
            backend=backend,
            module=module,
            module_path=module_path,
            execution_timeout_seconds=execution_timeout_seconds,
            include_detailed_errors=include_detailed_errors,
            timeout_seconds=timeout_seconds,
            memory_mb=memory_mb,
            output_dir=output_dir,
        )

    @property
    def execute_code(self) -> HyperlightExecuteCodeTool:
        """The provider's own `execute_code` tool (its configuration); runs get snapshots of it."""
        return self._execute_code_tool

    def build_instructions(self, *, tools_visible_to_model: bool = False) -> str:
        """The system instructions this provider adds to each run."""
        return self._execute_code_tool.build_instructions(tools_visible_to_model=tools_visible_to_model)

    def add_tools(self, tools: FunctionTool | Callable[..., Any] | Sequence[FunctionTool | Callable[..., Any]]) -> None:
        """Add provider-owned sandbox tools (a same-name tool replaces the old one)."""
        self._execute_code_tool.add_tools(tools)

    def get_tools(self) -> list[FunctionTool]:
        """The provider-owned sandbox tools."""
        return self._execute_code_tool.get_tools()

    def remove_tool(self, name: str) -> None:
        """Remove one provider-owned sandbox tool by name (KeyError if none)."""
        self._execute_code_tool.remove_tool(name)

    def clear_tools(self) -> None:
        """Remove all provider-owned sandbox tools."""
        self._execute_code_tool.clear_tools()

    def add_file_mounts(self, file_mounts: FileMountInput | Sequence[FileMountInput]) -> None:
        """Add provider-managed file mounts (checked now: a missing host path raises here)."""
        self._execute_code_tool.add_file_mounts(file_mounts)

    def get_file_mounts(self) -> list[FileMount]:
        """The provider-managed file mounts."""
        return self._execute_code_tool.get_file_mounts()

    def remove_file_mount(self, mount_path: str) -> None:
        """Remove one provider-managed file mount by its sandbox path (KeyError if none)."""
        self._execute_code_tool.remove_file_mount(mount_path)

    def clear_file_mounts(self) -> None:
        """Remove all provider-managed file mounts."""
        self._execute_code_tool.clear_file_mounts()

    def add_allowed_domains(self, domains: AllowedDomainInput | Sequence[AllowedDomainInput]) -> None:
        """Add provider-managed outbound allow-list entries (checked now)."""
        self._execute_code_tool.add_allowed_domains(domains)

    def get_allowed_domains(self) -> list[AllowedDomain]:
        """The provider-managed outbound allow-list entries, sorted by target."""
        return self._execute_code_tool.get_allowed_domains()

    def remove_allowed_domain(self, domain: str) -> None:
        """Remove one provider-managed outbound allow-list entry (KeyError if none)."""
        self._execute_code_tool.remove_allowed_domain(domain)

    def clear_allowed_domains(self) -> None:
        """Remove all provider-managed outbound allow-list entries."""
        self._execute_code_tool.clear_allowed_domains()

    async def before_run(
        self,
        *,
        agent: Any,
        session: AgentSession | None,
        context: SessionContext,
        state: dict[str, Any],
    ) -> None:
        """Add the CodeAct instructions and a run-scoped `execute_code` snapshot to this run."""
        run_tool = self._execute_code_tool.create_run_tool()
        run_tool._function_middleware = tuple(_agent_function_middleware(agent))
        state[self.source_id] = run_tool.build_serializable_state()
        context.extend_instructions(self.source_id, run_tool.build_instructions(tools_visible_to_model=False))
        context.extend_tools(self.source_id, [run_tool])
