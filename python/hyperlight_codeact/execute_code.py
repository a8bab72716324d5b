"""`HyperlightExecuteCodeTool`: the Agent Framework tool that runs model-written code in a Sandbox.

A drop-in for agent-framework-hyperlight's class of the same name (same constructor, mutators,
description, instructions and result contents), plus this package's extras (`memory_mb`,
`output_dir`, writable mounts, `function_middleware`, the run's audit).

The model sees one tool, `execute_code(code)`, whose description is built from the current
configuration; the host tools are reachable from inside the code through `call_tool`, each
call going through the tool's own `FunctionTool.invoke` (see `hyperlight_codeact._invoke`).
The result is Agent Framework content: stdout as a text item, `/output` files as data items
with their path, stderr as a second text item, a failure as an error item.
"""

from __future__ import annotations

import asyncio
import mimetypes
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from agent_framework import Content, FunctionInvocationContext, FunctionTool, normalize_tools

from hyperlight_codeact import ExecutionTimeout, GuestError, Sandbox
from hyperlight_codeact._access import (
    INPUT_ROOT,
    AllowedDomain,
    AllowedDomainInput,
    FileMount,
    FileMountInput,
    domain_entries,
    mount_entries,
    normalize_domain,
    normalize_domain_target,
    normalize_mount,
    normalize_mount_path,
    resolve_workspace_root,
)
from hyperlight_codeact._invoke import CallScope, reset_scope, use_scope
from hyperlight_codeact.instructions import (
    ToolDescriptionFormat,
    build_codeact_instructions,
    build_description,
    normalize_description_format,
)

__all__ = [
    "DEFAULT_EXECUTION_TIMEOUT_SECONDS",
    "DEFAULT_MAX_OUTPUT_FILES",
    "DEFAULT_MAX_OUTPUT_FILE_BYTES",
    "DEFAULT_MAX_OUTPUT_TOTAL_BYTES",
    "DEFAULT_MAX_WRITE_BYTES",
    "HyperlightExecuteCodeTool",
    "render_result",
]

ApprovalMode = Literal["always_require", "never_require"]

DEFAULT_MAX_OUTPUT_FILES = 20
DEFAULT_MAX_OUTPUT_FILE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_OUTPUT_TOTAL_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_WRITE_BYTES = 256 * 1024 * 1024
DEFAULT_EXECUTION_TIMEOUT_SECONDS = 30.0
DEFAULT_INCLUDE_DETAILED_ERRORS = False

# The reference's backend/module choices. This package always runs its own MicroPython guest
# in a Hyperlight micro-VM; the reference's defaults are accepted as meaning exactly that.
_BACKENDS = ("wasm", "hyperlight")
_MODULES = ("python_guest.path", None)

# Configurations whose sandbox (with its VMs) is kept for reuse, per tool and its run tools.
_SANDBOX_CACHE_SIZE = 4

EXECUTE_CODE_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"code": {"type": "string", "description": "The Python program to run."}},
    "required": ["code"],
}


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a positive integer, not {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return value


def _timeout(execution_timeout_seconds: float | None, timeout_seconds: float | None) -> float:
    if execution_timeout_seconds is not None and timeout_seconds is not None:
        if float(execution_timeout_seconds) != float(timeout_seconds):
            raise ValueError(
                "execution_timeout_seconds and timeout_seconds are the same limit; give one "
                f"(got {execution_timeout_seconds} and {timeout_seconds})"
            )
    value = execution_timeout_seconds if execution_timeout_seconds is not None else timeout_seconds
    if value is None:
        return DEFAULT_EXECUTION_TIMEOUT_SECONDS
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"execution_timeout_seconds must be a positive number, got {value!r}")
    return float(value)


def _check_backend(backend: Any, module: Any, module_path: Any) -> None:
    if backend not in _BACKENDS:
        raise ValueError(
            f"backend={backend!r} cannot be honoured: hyperlight_codeact runs its own MicroPython guest in a "
            f"Hyperlight micro-VM (accepted: {', '.join(map(repr, _BACKENDS))})"
        )
    if module not in _MODULES:
        raise ValueError(
            f"module={module!r} cannot be honoured: the guest is built into hyperlight_codeact "
            "(accepted: 'python_guest.path' or None)"
        )
    if module_path is not None:
        raise ValueError(
            f"module_path={module_path!r} cannot be honoured: the guest is built into hyperlight_codeact "
            "(HYPERLIGHT_CODEACT_GUEST selects another guest binary at build time)"
        )


def _collect_tools(*groups: Any) -> list[FunctionTool]:
    """Tools as `FunctionTool`s (plain callables wrapped as Agent Framework does); a later tool
    with the same name replaces an earlier one; `execute_code` itself is skipped."""
    by_name: dict[str, FunctionTool] = {}
    for group in groups:
        if group is None:
            continue
        for t in normalize_tools(group):
            if not isinstance(t, FunctionTool):
                raise TypeError(f"sandbox tools must be FunctionTools or callables, not {type(t).__name__}")
            if t.name == "execute_code":
                continue
            by_name.pop(t.name, None)
            by_name[t.name] = t
    return list(by_name.values())


def _needs_approval(approval_mode: ApprovalMode, tools: Sequence[FunctionTool]) -> ApprovalMode:
    # Code can call any sandbox tool, so one tool that needs approval makes every run need it.
    if approval_mode == "always_require" or any(t.approval_mode == "always_require" for t in tools):
        return "always_require"
    return "never_require"


def _text(value: str) -> str:
    return value.replace("\r\n", "\n")


def render_result(result: Any) -> list[Content]:
    """An `ExecutionResult` as Agent Framework content, as agent-framework-hyperlight returns it.

    stdout as one text item; files written under `/output` as data items (`additional_properties
    ["path"]` is the sandbox path); on success stderr as a second text item, and "Code executed
    successfully without output." when there is nothing; on failure an error item ("Execution
    error") whose `error_details` hold stderr and the traceback once. The run's figures (exit
    code, exception type, tool calls, host operations) are in each item's `raw_representation`.
    """
    stdout = _text(result.stdout or "")
    stderr = _text(result.stderr or "")
    if result.output_truncated:
        stderr += "[sandbox] output truncated at the sandbox's max_output_bytes\n"
    snapshot = {
        "success": bool(result.success),
        "stdout": stdout,
        "stderr": stderr,
        "exit_code": result.exit_code,
        "error": result.error,
        "exception_type": result.exception_type,
        "tool_calls": list(getattr(result, "tool_calls", None) or []),
        "host_ops": list(getattr(result, "host_ops", None) or []),
    }
    contents: list[Content] = []
    if stdout:
        contents.append(Content.from_text(stdout, raw_representation=snapshot))
    for f in getattr(result, "files", None) or []:
        media_type = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        contents.append(Content.from_data(f.data, media_type, additional_properties={"path": f.path}))
    if result.success:
        if stderr:
            contents.append(Content.from_text(stderr, raw_representation=snapshot))
        if not contents:
            silent = "Code executed successfully without output."
            contents.append(Content.from_text(silent, raw_representation=snapshot))
        return contents
    details = stderr
    traceback = _text(result.traceback or "")
    # The guest prints the traceback to stderr as CPython does; add it only if it is not there.
    if traceback.strip() and traceback.strip() not in stderr:
        details += traceback if not details or details.endswith("\n") else "\n" + traceback
    elif not traceback.strip() and result.error and result.error not in stderr:
        details += f"{result.error}\n"
    if not details.strip():
        details = f"The program exited with code {result.exit_code}."
    details = details.rstrip("\n")
    error = Content.from_error(message="Execution error", error_details=details, raw_representation=snapshot)
    contents.append(error)
    return contents


class _SandboxCache:
    """Sandboxes by configuration, shared by a tool and the run tools it creates, so a run with
    an unchanged configuration reuses the VMs (each run still starts with fresh state)."""

    def __init__(self, size: int = _SANDBOX_CACHE_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[Any, ...], Sandbox] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], make: Callable[[], Sandbox]) -> Sandbox:
        # Creating a VM takes milliseconds and concurrent calls must not create two.
        with self._lock:
            sandbox = self._entries.get(key)
            if sandbox is None:
                sandbox = make()
                self._entries[key] = sandbox
                while len(self._entries) > self._size:
                    self._entries.popitem(last=False)  # dropped when no run uses it any more
            self._entries.move_to_end(key)
            return sandbox


class HyperlightExecuteCodeTool(FunctionTool):
    """Execute Python code inside a Hyperlight micro-VM, with sandbox tools reachable through `call_tool`.

    Use it on its own (`Agent(tools=[execute_code])`: its description tells the model everything,
    including the tools) or through `HyperlightCodeActProvider`, which adds a snapshot of it and
    the instructions on every run. `build_instructions(tools_visible_to_model=...)` gives the
    system instructions for manual wiring.

    Keyword Args:
        tools: A `FunctionTool`, a callable, or a sequence of them (callables are wrapped as
            `FunctionTool`s); a later tool with the same name replaces an earlier one.
        tool_description_format: How the description documents parameters: `"compact"`
            (signatures, default) or `"json"` (JSON Schema), globally or per tool name.
            Schemas a signature cannot show faithfully use JSON Schema.
        approval_mode: `"always_require"` or `"never_require"` (default). Any sandbox tool that
            requires approval makes `execute_code` require it too (recomputed on every change).
        workspace_root: A host directory mounted read-only at `/input`.
        file_mounts: A mount or a sequence of mounts (see `FileMountInput`): an absolute path
            mounts at the same path, a relative one at `/input/<path>`; `(host, mount_path)`
            with a relative `mount_path` means `/input/<mount_path>`; a third item `True`/`"rw"`
            makes it writable. Host paths must exist. Mounts may nest (longest prefix wins).
        allowed_domains: A target or a sequence of targets (see `AllowedDomainInput`) HTTP(S)
            requests may go to; a URL is reduced to its host and port.
        max_output_files, max_output_file_bytes, max_output_total_bytes: What comes back from
            `/output` per run (default 20 files, 5 MiB each, 20 MiB in total); files beyond
            these are named in stderr.
        max_write_bytes: Bytes one run may write to files, `/output` and writable mounts
            together, rewrites included (default 256 MiB); past it writes raise `OSError`.
        execution_timeout_seconds: Wall-clock limit of one run (default 30 s); `timeout_seconds`
            is the same limit under this package's name.
        include_detailed_errors: Whether a failing tool's exception message reaches the code
            (default False, as Agent Framework: the code gets the exception as its own type, the
            nearest built-in one, with the message 'tool "<name>" failed (details withheld)';
            the run's `tool_calls` keep the full message).
        backend, module, module_path: The reference's backend selection; only its defaults
            (meaning this package's built-in guest) are accepted, anything else is a ValueError.
        memory_mb: Guest memory (default 64 MB).
        output_dir: Give runs a writable `/output` whose files come back (default True).
        function_middleware: Function middleware every `call_tool` runs through (the provider
            passes the agent's and its client's).
    """

    def __init__(
        self,
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
        function_middleware: Sequence[Any] | None = None,
    ) -> None:
        _check_backend(backend, module, module_path)
        if approval_mode not in (None, "always_require", "never_require"):
            raise ValueError(f"approval_mode must be 'always_require', 'never_require' or None, got {approval_mode!r}")
        description_format = normalize_description_format(tool_description_format)
        limits = (
            _positive_int("max_output_files", max_output_files),
            _positive_int("max_output_file_bytes", max_output_file_bytes),
            _positive_int("max_output_total_bytes", max_output_total_bytes),
        )
        self._max_write_bytes = _positive_int("max_write_bytes", max_write_bytes)
        timeout = _timeout(execution_timeout_seconds, timeout_seconds)
        memory_mb = _positive_int("memory_mb", memory_mb)
        super().__init__(
            name="execute_code",
            description="",
            approval_mode="never_require",
            func=self._run_code,
            input_model=EXECUTE_CODE_INPUT_SCHEMA,
        )
        self._state_lock = threading.RLock()
        self._tool_description_format = description_format
        self._default_approval_mode: ApprovalMode = approval_mode or "never_require"
        self._workspace_root = resolve_workspace_root(workspace_root)
        self._backend, self._module, self._module_path = backend, module, module_path
        self._max_output_files, self._max_output_file_bytes, self._max_output_total_bytes = limits
        self._timeout_seconds = timeout
        self._include_detailed_errors = bool(include_detailed_errors)
        self._memory_mb = memory_mb
        self._output_dir = bool(output_dir)
        self._function_middleware: tuple[Any, ...] = tuple(function_middleware or ())
        self._managed_tools: list[FunctionTool] = []
        self._file_mounts: dict[str, FileMount] = {}
        self._allowed_domains: dict[str, AllowedDomain] = {}
        self._sandboxes = _SandboxCache()
        if tools is not None:
            self.add_tools(tools)
        if file_mounts is not None:
            self.add_file_mounts(file_mounts)
        if allowed_domains is not None:
            self.add_allowed_domains(allowed_domains)
        self._refresh_approval_mode()

    # -- the model-facing description, built from the current configuration --

    @property
    def description(self) -> str:
        """The tool description: interpreter, limits, `call_tool` and every tool, mounts, domains."""
        lock = self.__dict__.get("_state_lock")
        if lock is None:  # during FunctionTool.__init__
            return str(self.__dict__.get("_description", ""))
        with lock:
            return build_description(
                self._managed_tools,
                file_mounts=self._all_mounts(),
                allowed_domains=sorted(self._allowed_domains.values(), key=lambda d: d.target),
                timeout_seconds=self._timeout_seconds,
                memory_mb=self._memory_mb,
                output_dir=self._output_dir,
                tool_description_format=self._tool_description_format,
            )

    @description.setter
    def description(self, value: str) -> None:
        self.__dict__["_description"] = value

    def build_instructions(self, *, tools_visible_to_model: bool = False) -> str:
        """The CodeAct system instructions for this tool (its description has the details).
        `tools_visible_to_model`: whether the sandbox tools are also given to the agent directly."""
        with self._state_lock:
            has_tools = bool(self._managed_tools)
        return build_codeact_instructions(tools_visible_to_model=tools_visible_to_model, has_tools=has_tools)

    # -- tools --

    def add_tools(self, tools: FunctionTool | Callable[..., Any] | Sequence[FunctionTool | Callable[..., Any]]) -> None:
        """Add sandbox tools; a tool with the name of an existing one replaces it."""
        new = _collect_tools(tools)
        with self._state_lock:
            self._managed_tools = _collect_tools(self._managed_tools, new)
            self._refresh_approval_mode()

    def get_tools(self) -> list[FunctionTool]:
        """The sandbox tools, in registration order."""
        with self._state_lock:
            return list(self._managed_tools)

    def remove_tool(self, name: str) -> None:
        """Remove the sandbox tool `name` (KeyError if there is none)."""
        with self._state_lock:
            remaining = [t for t in self._managed_tools if t.name != name]
            if len(remaining) == len(self._managed_tools):
                raise KeyError(f"No managed tool named {name!r} is registered.")
            self._managed_tools = remaining
            self._refresh_approval_mode()

    def clear_tools(self) -> None:
        """Remove every sandbox tool."""
        with self._state_lock:
            self._managed_tools = []
            self._refresh_approval_mode()

    # -- file mounts --

    def add_file_mounts(self, file_mounts: FileMountInput | Sequence[FileMountInput]) -> None:
        """Add one mount or a sequence of them; a mount at an existing mount path replaces it.
        A host path that does not exist raises FileNotFoundError here."""
        mounts = [normalize_mount(entry) for entry in mount_entries(file_mounts)]
        with self._state_lock:
            for m in mounts:
                self._file_mounts.pop(m.mount_path, None)
                self._file_mounts[m.mount_path] = m

    def get_file_mounts(self) -> list[FileMount]:
        """The file mounts (without `workspace_root`), with resolved host paths."""
        with self._state_lock:
            return list(self._file_mounts.values())

    def remove_file_mount(self, mount_path: str) -> None:
        """Remove the mount at `mount_path` (as given to `add_file_mounts`; KeyError if none)."""
        key = normalize_mount_path(mount_path)
        with self._state_lock:
            if key not in self._file_mounts:
                raise KeyError(f"No file mount exists for {mount_path!r}.")
            del self._file_mounts[key]

    def clear_file_mounts(self) -> None:
        """Remove every file mount (`workspace_root` stays)."""
        with self._state_lock:
            self._file_mounts.clear()

    def _all_mounts(self) -> list[FileMount]:
        mounts: dict[str, FileMount] = {}
        if self._workspace_root is not None:
            mounts[INPUT_ROOT] = FileMount(self._workspace_root, INPUT_ROOT, False)
        mounts.update(self._file_mounts)  # an explicit mount at /input replaces the workspace
        return list(mounts.values())

    # -- allowed domains --

    def add_allowed_domains(self, domains: AllowedDomainInput | Sequence[AllowedDomainInput]) -> None:
        """Add one target or a sequence of them; an entry for an existing target replaces it.
        A malformed target or method raises ValueError here."""
        normalized = [normalize_domain(entry) for entry in domain_entries(domains)]
        with self._state_lock:
            for d in normalized:
                self._allowed_domains[d.target] = d

    def get_allowed_domains(self) -> list[AllowedDomain]:
        """The allowed targets, sorted by target."""
        with self._state_lock:
            return sorted(self._allowed_domains.values(), key=lambda d: d.target)

    def remove_allowed_domain(self, domain: str) -> None:
        """Remove the entry for `domain` (normalized as when added; KeyError if none)."""
        key = normalize_domain_target(domain)
        with self._state_lock:
            if key not in self._allowed_domains:
                raise KeyError(f"No allowed domain exists for {domain!r}.")
            del self._allowed_domains[key]

    def clear_allowed_domains(self) -> None:
        """Remove every allowed target."""
        with self._state_lock:
            self._allowed_domains.clear()

    # -- snapshots --

    def create_run_tool(self) -> HyperlightExecuteCodeTool:
        """A snapshot of this tool's current configuration (the provider makes one per run);
        it shares this tool's sandboxes, so an unchanged configuration reuses their VMs."""
        with self._state_lock:
            run_tool = HyperlightExecuteCodeTool(
                tools=list(self._managed_tools) or None,
                tool_description_format=self._tool_description_format,
                approval_mode=self._default_approval_mode,
                max_output_files=self._max_output_files,
                max_output_file_bytes=self._max_output_file_bytes,
                max_output_total_bytes=self._max_output_total_bytes,
                max_write_bytes=self._max_write_bytes,
                backend=self._backend,
                module=self._module,
                module_path=self._module_path,
                execution_timeout_seconds=self._timeout_seconds,
                include_detailed_errors=self._include_detailed_errors,
                memory_mb=self._memory_mb,
                output_dir=self._output_dir,
                function_middleware=self._function_middleware,
            )
            # Already normalized and checked: copied as they are.
            run_tool._workspace_root = self._workspace_root
            run_tool._file_mounts = dict(self._file_mounts)
            run_tool._allowed_domains = dict(self._allowed_domains)
        run_tool._sandboxes = self._sandboxes
        return run_tool

    def build_serializable_state(self) -> dict[str, Any]:
        """A JSON-serializable snapshot of the configuration a run uses (the provider records it
        under `state[source_id]`)."""
        with self._state_lock:
            mounts = self._all_mounts()
            domains = sorted(self._allowed_domains.values(), key=lambda d: d.target)
            fmt = self._tool_description_format
            return {
                "backend": self._backend,
                "module": self._module,
                "module_path": self._module_path,
                "approval_mode": self.approval_mode,
                "max_output_files": self._max_output_files,
                "max_output_file_bytes": self._max_output_file_bytes,
                "max_output_total_bytes": self._max_output_total_bytes,
                "max_write_bytes": self._max_write_bytes,
                "execution_timeout_seconds": self._timeout_seconds,
                "include_detailed_errors": self._include_detailed_errors,
                "memory_mb": self._memory_mb,
                "output_dir": self._output_dir,
                "tool_names": [t.name for t in self._managed_tools],
                "tool_description_format": dict(fmt) if isinstance(fmt, dict) else fmt,
                "filesystem_enabled": bool(mounts) or self._output_dir,
                "workspace_root": str(self._workspace_root) if self._workspace_root is not None else None,
                "file_mounts": [
                    {"host_path": str(m.host_path), "mount_path": m.mount_path, "writable": m.writable}
                    for m in self._file_mounts.values()
                ],
                "network_enabled": bool(domains),
                "allowed_domains": [
                    {"target": d.target, "methods": list(d.methods) if d.methods is not None else None} for d in domains
                ],
            }

    def to_dict(self, *, exclude: set[str] | None = None, exclude_none: bool = True) -> dict[str, Any]:
        """As `FunctionTool.to_dict`, with the current description."""
        self.__dict__["_description"] = self.description
        data = super().to_dict(exclude=exclude, exclude_none=exclude_none)
        data.setdefault("description", self.description)
        return data

    # -- properties of this package --

    @property
    def timeout_seconds(self) -> float:
        """The wall-clock limit of one run (the same as `execution_timeout_seconds`)."""
        return self._timeout_seconds

    @property
    def execution_timeout_seconds(self) -> float:
        """The wall-clock limit of one run."""
        return self._timeout_seconds

    @property
    def memory_mb(self) -> int:
        """Guest memory of each VM."""
        return self._memory_mb

    @property
    def include_detailed_errors(self) -> bool:
        """Whether a failing tool's exception message reaches the code."""
        return self._include_detailed_errors

    @property
    def function_middleware(self) -> tuple[Any, ...]:
        """The function middleware each `call_tool` runs through."""
        return self._function_middleware

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox of the current configuration (created on first use, then reused)."""
        return self._sandbox_for(self._config_key())

    def _refresh_approval_mode(self) -> None:
        self.approval_mode = _needs_approval(self._default_approval_mode, self._managed_tools)

    def _config_key(self) -> tuple[Any, ...]:
        with self._state_lock:
            return (
                tuple((t.name, id(t)) for t in self._managed_tools),
                tuple((str(m.host_path), m.mount_path, m.writable) for m in self._all_mounts()),
                tuple(sorted((d.target, d.methods) for d in self._allowed_domains.values())),
                self._timeout_seconds,
                self._memory_mb,
                self._output_dir,
                self._max_output_files,
                self._max_output_file_bytes,
                self._max_output_total_bytes,
                self._max_write_bytes,
                self._include_detailed_errors,
            )

    def _sandbox_for(self, key: tuple[Any, ...]) -> Sandbox:
        with self._state_lock:
            tools = list(self._managed_tools)
            mounts = self._all_mounts()
            domains = sorted(self._allowed_domains.values(), key=lambda d: d.target)

        def make() -> Sandbox:
            return Sandbox(
                tools=tools or None,
                timeout_seconds=self._timeout_seconds,
                memory_mb=self._memory_mb,
                file_mounts=[(m.host_path, m.mount_path, m.writable) for m in mounts],
                allowed_domains=[(d.target, list(d.methods) if d.methods else None) for d in domains],
                output_dir=self._output_dir,
                max_output_files=self._max_output_files,
                max_output_file_bytes=self._max_output_file_bytes,
                max_output_total_bytes=self._max_output_total_bytes,
                max_write_bytes=self._max_write_bytes,
                tool_error_detail=self._include_detailed_errors,
            )

        return self._sandboxes.get(key, make)

    async def _run_code(self, *, code: str, ctx: FunctionInvocationContext | None = None) -> list[Content]:
        key = self._config_key()
        sandbox = await asyncio.to_thread(self._sandbox_for, key)
        token = use_scope(
            CallScope(
                middleware=self._function_middleware,
                parent=ctx,
                include_detailed_errors=self._include_detailed_errors,
            )
        )
        try:
            result = await sandbox.run_async(code)
        except ExecutionTimeout:
            # The model can fix an endless loop, so this is a result, not an exception.
            return [
                Content.from_error(
                    message="Execution error",
                    error_details=(
                        f"The code ran past the {self._timeout_seconds:g} s execution timeout "
                        "(execution_timeout_seconds) and was stopped."
                    ),
                )
            ]
        except GuestError as exc:
            return [Content.from_error(message="Execution error", error_details=f"The sandbox guest crashed: {exc}")]
        finally:
            reset_scope(token)
        return render_result(result)
