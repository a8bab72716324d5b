"""Run model-written Python code in Hyperlight micro-VMs.

>>> from hyperlight_codeact import Sandbox
>>> Sandbox().run("print(6 * 7)").stdout
'42\\n'
"""

from typing import TYPE_CHECKING

from hyperlight_codeact._access import AllowedDomain, AllowedDomainInput, FileMount, FileMountInput
from hyperlight_codeact._native import (
    ExecutionResult,
    ExecutionTimeout,
    GuestError,
    HypervisorNotFound,
    OutputFile,
    PolicyViolation,
    SandboxError,
    ToolError,
    __version__,
    guest_info,
    hypervisor_info,
)
from hyperlight_codeact.instructions import build_instructions
from hyperlight_codeact.sandbox import Sandbox

# The Agent Framework classes need the optional `agent` extra, so they load on first use; type
# checkers see them through the imports below.
if TYPE_CHECKING:
    from hyperlight_codeact.execute_code import HyperlightExecuteCodeTool
    from hyperlight_codeact.provider import HyperlightCodeActProvider

_AGENT_FRAMEWORK_EXPORTS = {
    "HyperlightCodeActProvider": "hyperlight_codeact.provider",
    "HyperlightExecuteCodeTool": "hyperlight_codeact.execute_code",
}


def __getattr__(name: str) -> object:
    module = _AGENT_FRAMEWORK_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hyperlight_codeact' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "AllowedDomain",
    "AllowedDomainInput",
    "ExecutionResult",
    "FileMount",
    "FileMountInput",
    "OutputFile",
    "ExecutionTimeout",
    "GuestError",
    "HyperlightCodeActProvider",
    "HyperlightExecuteCodeTool",
    "HypervisorNotFound",
    "PolicyViolation",
    "Sandbox",
    "SandboxError",
    "ToolError",
    "__version__",
    "build_instructions",
    "guest_info",
    "hypervisor_info",
]
