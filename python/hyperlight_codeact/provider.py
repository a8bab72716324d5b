"""`HyperlightCodeActProvider`: adds the CodeAct instructions and `execute_code` to every agent run.

Tools given to the provider are reachable only from inside `execute_code` (through
`call_tool`); tools given to `Agent(tools=...)` stay direct tools with their own approval
mode. A tool given to both is reachable both ways.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agent_framework import AgentSession, ContextProvider, SessionContext, SupportsAgentRun

from hyperlight_codeact.execute_code import ApprovalMode, HyperlightExecuteCodeTool

__all__ = ["HyperlightCodeActProvider"]


class HyperlightCodeActProvider(ContextProvider):
    """Context provider giving an agent a Hyperlight `execute_code` tool and the instructions for it."""

    DEFAULT_SOURCE_ID = "hyperlight_codeact"

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
        source_id: str = DEFAULT_SOURCE_ID,
    ) -> None:
        """`file_mounts`: paths, `(host_path, mount_path[, writable])` or `FileMount`s;
        `allowed_domains`: hosts, `(target, methods)` or `AllowedDomain`s; `workspace_root`: a
        host directory mounted read-only at `/input`; `output_dir`: give runs a writable
        `/output` whose files come back as data contents (up to `max_output_files` files and
        `max_output_total_bytes` bytes). Nothing on the host is reachable beyond these."""
        super().__init__(source_id)
        self.execute_code = HyperlightExecuteCodeTool(
            tools=tools,
            approval_mode=approval_mode,
            file_mounts=file_mounts,
            allowed_domains=allowed_domains,
            workspace_root=workspace_root,
            output_dir=output_dir,
            max_output_files=max_output_files,
            max_output_total_bytes=max_output_total_bytes,
            timeout_seconds=timeout_seconds,
            memory_mb=memory_mb,
        )
        # Built once: the tools do not change between runs, and the text is paid every turn anyway.
        self.instructions = self.execute_code.build_instructions()

    def build_instructions(self) -> str:
        """The system instructions this provider adds to each run."""
        return self.instructions

    async def before_run(
        self,
        *,
        agent: SupportsAgentRun,
        session: AgentSession,
        context: SessionContext,
        state: dict[str, Any],
    ) -> None:
        context.extend_instructions(self.source_id, self.instructions)
        context.extend_tools(self.source_id, [self.execute_code])
