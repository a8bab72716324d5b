"""Shared by the tests that run a snippet under this CPython (sys.executable) and in a real
micro-VM and require the same output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hyperlight_codeact import Sandbox, hypervisor_info


def cpython(code: str) -> str:
    """What `code` prints under this CPython (it must succeed), in UTC like the sandbox."""
    env = dict(os.environ, TZ="UTC")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout


def vm_sandbox() -> Sandbox:
    """A sandbox for snippet comparisons; skips the test where no hypervisor is usable."""
    info = hypervisor_info()
    if not info["usable"]:
        pytest.skip(f"no usable hypervisor: {info['problem']}")
    return Sandbox(timeout_seconds=60)


def assert_matches_cpython(sandbox: Sandbox, code: str) -> None:
    """`code` runs without error in the micro-VM and prints exactly what CPython prints."""
    code = code.lstrip("\n")
    expected = cpython(code)
    r = sandbox.run(code)
    assert r.error is None, r.error
    assert r.stdout == expected
