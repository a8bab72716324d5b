"""Run model-written Python code in Hyperlight micro-VMs.

>>> from hyperlight_codeact import Sandbox
>>> Sandbox().run("print(6 * 7)").stdout
'42\\n'
"""

from hyperlight_codeact._native import (
    ExecutionResult,
    ExecutionTimeout,
    GuestError,
    HypervisorNotFound,
    PolicyViolation,
    SandboxError,
    ToolError,
    __version__,
    guest_info,
    hypervisor_info,
)
from hyperlight_codeact.sandbox import Sandbox

__all__ = [
    "ExecutionResult",
    "ExecutionTimeout",
    "GuestError",
    "HypervisorNotFound",
    "PolicyViolation",
    "Sandbox",
    "SandboxError",
    "ToolError",
    "__version__",
    "guest_info",
    "hypervisor_info",
]
