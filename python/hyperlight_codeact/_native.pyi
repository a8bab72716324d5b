"""Type stubs for the Rust extension module (crates/hyperlight-codeact-python)."""

from collections.abc import Callable, Iterable
from typing import Any, TypedDict, final

from typing_extensions import disjoint_base

__version__: str
# Values nested deeper than this cannot cross the sandbox boundary.
MAX_VALUE_DEPTH: int

class HypervisorInfo(TypedDict):
    kind: str
    """"KVM", "PVM-backed KVM", "MSHV" or "none"."""
    device: str | None
    usable: bool
    problem: str | None
    fix: str | None

class GuestInfo(TypedDict):
    version: str
    sha256: str
    size_bytes: int

def hypervisor_info() -> HypervisorInfo:
    """Which hypervisor this machine offers, and when none is usable, why and what to do."""

def guest_info() -> GuestInfo:
    """The guest binary embedded in this build: version, SHA-256 (hex) and size."""

# The accepted forms of file_mounts and allowed_domains entries (the crate's policy::forms), for
# hyperlight_codeact._access.
MOUNT_MODES: tuple[str, ...]
HTTP_METHODS: tuple[str, ...]

def _normalize_mount(entry: Any, strict: bool = True) -> tuple[str, str, bool]:
    """`(host_path, mount_path, writable)` of one `file_mounts` entry."""

def _normalize_mount_path(mount_path: Any) -> str:
    """The absolute, normalized sandbox path for `mount_path`."""

def _resolve_host_path(path: Any, strict: bool = True) -> str:
    """A mount's host path made absolute; with `strict` resolved (it must exist)."""

def _normalize_domain(entry: Any) -> tuple[str, list[str] | None]:
    """`(target, methods or None)` of one `allowed_domains` entry, a URL reduced to `host[:port]`."""

def _normalize_domain_target(target: Any) -> str:
    """An `allowed_domains` target as `host[:port]` (lower-cased; a URL reduced to its host and port)."""

@final
class ExecutionResult:
    """What one `Sandbox.run()` produced."""

    @property
    def stdout(self) -> str: ...
    @property
    def stderr(self) -> str: ...
    @property
    def exit_code(self) -> int:
        """0 on success, 1 for an uncaught exception, or the `sys.exit()` code."""
    @property
    def success(self) -> bool:
        """True when the code ran to completion with exit code 0."""
    @property
    def error(self) -> str | None:
        """`"TypeName: message"` for an uncaught exception, else None."""
    @property
    def exception_type(self) -> str | None: ...
    @property
    def traceback(self) -> str | None: ...
    @property
    def output_truncated(self) -> bool:
        """True when stdout or stderr was cut at the sandbox's `max_output_bytes`."""
    @property
    def tool_calls(self) -> list[dict[str, Any]]:
        """Every call_tool the run made, refused ones included (up to max_tool_calls + 100, then a
        summary): name, arguments (a 256-byte prefix of large ones), arguments_bytes,
        arguments_truncated, duration_ms, outcome, error."""
    @property
    def files(self) -> list[OutputFile]:
        """Files the run left under /output that fit the output limits, in path order (a note on
        stderr names the rest)."""
    @property
    def host_ops(self) -> list[dict[str, Any]]:
        """Every file/network operation the run asked for (at most 10,000, then a summary): op,
        target (at most 256 bytes), error (None if done), duration_ms."""

@final
class OutputFile:
    """A file a run wrote under /output."""

    @property
    def path(self) -> str:
        """The sandbox path, e.g. "/output/report.csv"."""
    @property
    def name(self) -> str:
        """The path below /output, e.g. "report.csv"."""
    @property
    def data(self) -> bytes: ...
    @property
    def size(self) -> int: ...
    def text(self) -> str:
        """The contents decoded as UTF-8 (errors replaced)."""

@disjoint_base
class Sandbox:
    """Micro-VMs running the MicroPython guest.

    Each `run()` starts in a micro-VM restored from the guest's post-init snapshot that has run
    nothing since but our own warm-up (`isolation="fresh_vm"`, the default); VMs are restored
    and warmed in a background thread, `ready_vms` (default 2) kept ready. The object may be
    shared between threads and asyncio tasks: concurrent runs each get their own VM (up to
    `pool_size`, default 32, created on demand; more runs wait), and the GIL is released while
    a VM runs. `isolation="reuse_vm_trusted"` reuses one VM with only the interpreter reset
    between runs: faster, but a run exploiting an interpreter memory bug can affect later runs,
    so only for a single trusted tenant. `fresh_vm_per_run` is the older spelling.

    Raises `HypervisorNotFound` when no hypervisor is usable, `ValueError` for bad arguments.
    """

    def __new__(
        cls,
        tools: Iterable[Callable[..., Any]] | None = None,
        *,
        timeout_seconds: float = 30.0,
        memory_mb: int = 64,
        isolation: str = "fresh_vm",
        fresh_vm_per_run: bool | None = None,
        max_output_bytes: int = 1 << 20,
        on_tool_call: Callable[[str, dict[str, Any]], bool] | None = None,
        max_tool_calls: int = 10_000,
        max_tool_payload_bytes: int = 1 << 20,
        file_mounts: Iterable[Any] | None = None,
        allowed_domains: Iterable[Any] | None = None,
        output_dir: bool = True,
        max_output_files: int = 64,
        max_output_total_bytes: int = 32 << 20,
        pool_size: int | None = None,
        ready_vms: int | None = None,
        max_output_file_bytes: int | None = None,
        tool_error_detail: bool = True,
        max_write_bytes: int = 256 << 20,
    ) -> Sandbox: ...
    def _run_with_loop(self, code: str, event_loop: Any) -> ExecutionResult: ...
    def close(self) -> None:
        """Release the micro-VMs now; later `run()` calls raise `SandboxError`."""
    @property
    def closed(self) -> bool: ...
    @property
    def tool_names(self) -> list[str]: ...
    def run(self, code: str) -> ExecutionResult:
        """Run `code`; its exceptions are reported in the result, not raised.

        Raises `ExecutionTimeout` past `timeout_seconds`, whatever the code waits on (a tool
        past the deadline is abandoned on its thread and its result discarded; a coroutine is
        cancelled), and `GuestError` when the guest crashes; in both cases the sandbox stays
        usable. Ctrl-C (on the main thread) or a `KeyboardInterrupt` raised in a tool stops the
        VM and raises `KeyboardInterrupt`. `SandboxError` when called from one of this
        sandbox's own tools, or in a `fork()` child.
        """
    @property
    def timeout_seconds(self) -> float: ...
    @property
    def memory_mb(self) -> int: ...
    @property
    def fresh_vm_per_run(self) -> bool: ...
    @property
    def isolation(self) -> str:
        """`"fresh_vm"` or `"reuse_vm_trusted"`."""
    @property
    def max_output_bytes(self) -> int: ...
    @property
    def file_mounts(self) -> list[tuple[str, str, bool]]:
        """(host_path, mount_path, writable) for each mount."""
    @property
    def allowed_domains(self) -> list[tuple[str, list[str] | None]]:
        """(target, methods or None) for each allowed target."""
    @property
    def max_write_bytes(self) -> int:
        """Bytes one run may write to files in total (`/output` and writable mounts, rewrites
        included); past it writes raise `OSError`."""
    @property
    def output_dir(self) -> bool: ...
    @property
    def pool_size(self) -> int:
        """The most runs (and VMs) this sandbox runs at once."""
    @property
    def vms_created(self) -> int:
        """VMs alive now (running, idle or being prepared), at most `pool_size`."""
    @property
    def vms_ready(self) -> int:
        """VMs restored and warmed up right now, waiting for the next runs."""
    def wait_ready(self, n: int = 1, timeout: float = 5.0) -> bool:
        """Wait until `n` VMs are ready (at most `timeout` seconds); for benchmarks."""
    @property
    def prep_stats(self) -> tuple[int, float, int]:
        """(VMs prepared in the background, seconds spent on it, runs that prepared their own VM)."""

class SandboxError(Exception):
    """Base class of every error raised by hyperlight_codeact."""

class HypervisorNotFound(SandboxError):
    """No usable hypervisor; the message says why and how to fix it."""

    problem: str
    fix: str

class ExecutionTimeout(SandboxError):
    """The code ran past the time limit and was stopped; the sandbox stays usable."""

    timeout_seconds: float

class GuestError(SandboxError):
    """The guest crashed or broke the protocol; the sandbox stays usable."""

class PolicyViolation(SandboxError):
    """The code tried something the sandbox's policy forbids."""

class ToolError(SandboxError):
    """A host tool called from the guest failed."""
