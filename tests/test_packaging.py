"""Packaging and setup: doctor's verdict and --version, the tool list behind `make setup`, the
license files and the third-party crate list."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hyperlight_codeact

ROOT = Path(__file__).resolve().parent.parent


def test_version() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "hyperlight_codeact", "--version"], capture_output=True, text=True, timeout=60
    )
    assert p.returncode == 0, p.stderr
    guest = hyperlight_codeact.guest_info()
    assert p.stdout.strip() == (
        f"hyperlight-codeact {hyperlight_codeact.__version__} (guest {guest['version']}, sha256 {guest['sha256']})"
    )


@pytest.mark.needs_vm
@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("unshare") is None, reason="needs root and unshare(1)")
def test_doctor_fails_when_the_device_opens_but_runs_no_vm() -> None:
    # /dev/null bind-mounted over /dev/kvm in a private mount namespace: the device opens, but no
    # VM can be created on it. doctor must not call that usable.
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        # e.g. in a chroot, whose root is no mount point: "cannot change root filesystem propagation"
        pytest.skip(f"no private mount namespace here: {probe.stderr.strip()}")
    script = f"mount --bind /dev/null /dev/kvm && exec {sys.executable} -m hyperlight_codeact doctor"
    p = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=120)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "micro-VM:    failed to start or run" in p.stdout
    assert "result:      FAIL (/dev/kvm opens, but no micro-VM runs on it)" in p.stdout
    assert "OK" not in p.stdout


def test_check_setup_passes_here_and_names_missing_packages(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "check-setup.sh"
    p = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "all build tools present" in p.stdout
    # Without /usr/bin on PATH, clang-16 (and others) are missing: the message names the package.
    for tool in ("grep", "awk", "sort", "head", "dirname"):
        (tmp_path / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    env = {"PATH": str(tmp_path), "HOME": os.environ.get("HOME", "/root")}
    p = subprocess.run(["/bin/bash", str(script)], capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 1
    assert (
        "MISSING  clang-16                     install the Debian package clang-16 (apt-get install clang-16, or make setup)"
        in p.stdout
    )
    assert "llvm-ar-16" in p.stdout and "Debian package llvm-16" in p.stdout


def test_make_setup_installs_the_checked_list() -> None:
    # One source of truth: the Makefile's APT_PACKAGES is the list check-setup checks.
    p = subprocess.run(["make", "-s", "-C", str(ROOT), "-n", "-p", "help"], capture_output=True, text=True, timeout=60)
    line = next(ln for ln in p.stdout.splitlines() if ln.startswith("APT_PACKAGES :="))
    listed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "check-setup.sh"), "--packages"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert "llvm-16" in listed and "clang-16" in listed and "rustc-web" in listed
    assert sorted(line.split(":=", 1)[1].split()) == sorted(listed)


def test_third_party_notices_list_every_linked_crate() -> None:
    if shutil.which("cargo") is None:
        pytest.skip("cargo not on PATH")
    current = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "third-party-crates.py")], capture_output=True, text=True, timeout=300
    )
    assert current.returncode == 0, current.stderr
    notices = (ROOT / "THIRD-PARTY-NOTICES").read_text()
    stale = [ln for ln in current.stdout.splitlines() if ln.strip() and ln not in notices]
    assert not stale, f"THIRD-PARTY-NOTICES is stale (re-run scripts/third-party-crates.py): {stale[:5]}"
    for needed in ("MicroPython", "Apache License", "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2"):
        assert needed in notices
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


@pytest.mark.needs_vm
def test_logging_reports_creation_runs_tool_calls_and_denials(caplog: pytest.LogCaptureFixture) -> None:
    def add(a: int, b: int) -> int:
        return a + b

    caplog.set_level(logging.DEBUG, logger="hyperlight_codeact")
    with hyperlight_codeact.Sandbox(tools=[add], on_tool_call=lambda name, args: args.get("a") != 13) as sb:
        r = sb.run(
            "print(call_tool('add', a=1, b=2))\ntry:\n    call_tool('add', a=13, b=0)\nexcept ToolError:\n    pass"
        )
    assert r.stdout == "3\n"
    messages = [(rec.levelname, rec.getMessage()) for rec in caplog.records if rec.name == "hyperlight_codeact"]
    assert messages[0][0] == "DEBUG" and messages[0][1].startswith("sandbox created: Sandbox(")
    assert ("DEBUG", "run: 97 characters of code") in messages
    assert any(lvl == "DEBUG" and m.startswith("tool call add: ok in ") for lvl, m in messages)
    assert any(lvl == "INFO" and m.startswith("tool call add denied by on_tool_call") for lvl, m in messages)
    assert any(lvl == "DEBUG" and m.startswith("run finished in ") and "2 tool call(s)" in m for lvl, m in messages)
    assert messages[-1][1].startswith("sandbox closed: ")


@pytest.mark.needs_vm
def test_logging_is_off_by_default() -> None:
    code = (
        "from hyperlight_codeact import Sandbox\n"
        "sb = Sandbox(tools=[len], on_tool_call=lambda n, a: False)\n"
        "print(sb.run(\"try:\\n    call_tool('len', obj='x')\\nexcept ToolError as e:\\n    print('denied')\").stdout, end='')\n"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "denied\n"
    assert p.stderr == ""


def test_the_wheel_holds_only_the_library(tmp_path: Path) -> None:
    # Benchmarks, the scripted model and their data live in benches/ and examples/, not in the
    # wheel: it holds the package's own modules, the extension, and the license files.
    maturin = Path(sys.executable).parent / "maturin"
    if not maturin.exists() or shutil.which("cargo") is None:
        pytest.skip("needs maturin in this environment and cargo on PATH")
    p = subprocess.run(
        [str(maturin), "build", "--release", "--out", str(tmp_path), "--interpreter", sys.executable],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert p.returncode == 0, p.stderr[-4000:]
    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    package = ROOT / "python" / "hyperlight_codeact"
    sources = {
        f"hyperlight_codeact/{f.relative_to(package).as_posix()}"
        for f in package.rglob("*")
        if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".so"
    }
    assert {n for n in names if n.startswith("hyperlight_codeact/")} == sources | {"hyperlight_codeact/_native.abi3.so"}
    assert not any(part in n for n in names for part in ("bench", "scripted", "orders.json"))
    dist_info = {n.split("/", 1)[1] for n in names if not n.startswith("hyperlight_codeact/")}
    assert {"METADATA", "WHEEL", "RECORD", "licenses/LICENSE", "licenses/THIRD-PARTY-NOTICES"} <= dist_info
    assert all(n in {"METADATA", "WHEEL", "RECORD"} or n.startswith(("licenses/", "sboms/")) for n in dist_info)
