"""The reference's three samples (examples/reference_samples/) run unmodified except for the import
and a scripted chat client, in real micro-VMs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("agent_framework")

pytestmark = pytest.mark.needs_vm

SAMPLES = Path(__file__).resolve().parent.parent / "examples" / "reference_samples"
USERS = (
    "Users: [{'id': 1, 'name': 'Alice', 'role': 'admin'}, {'id': 2, 'name': 'Bob', 'role': 'user'}, "
    "{'id': 3, 'name': 'Charlie', 'role': 'admin'}]"
)
ADMINS = "Admins: [{'id': 1, 'name': 'Alice', 'role': 'admin'}, {'id': 3, 'name': 'Charlie', 'role': 'admin'}]"


def run_sample(name: str) -> str:
    done = subprocess.run([sys.executable, name], cwd=SAMPLES, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_code_act_provider_sample() -> None:
    out = run_sample("code_act.py")
    assert "▶ execute_code" in out and 'call_tool("fetch_data", table="users")' in out
    # The agent's function middleware also sees the calls made from inside the code.
    assert "▶ fetch_data(table='users')" in out and "◀ compute → 6.0" in out
    assert f"stdout:\n{USERS}\n{ADMINS}\n7 * (3 * 2) = 42.0" in out
    assert "Agent: Here is what the code printed:" in out


def test_standalone_execute_code_sample() -> None:
    out = run_sample("local_code_interpreter.py")
    assert f"Agent: Here is what the code printed:\n{USERS}\n{ADMINS}\n6 * 7 = 42.0" in out


def test_manual_wiring_sample() -> None:
    out = run_sample("local_code_interpreter_manual_wiring.py")
    assert f"{ADMINS}\n6 * 7 = 42.0" in out
    assert "Email sent to admin@example.com: Users, admins and the multiplication" in out
