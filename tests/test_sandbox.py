"""Sandbox and ExecutionResult against real micro-VMs (the VM tests skip only without a hypervisor)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from typing import Any

import pytest

import hyperlight_codeact
from hyperlight_codeact import (
    ExecutionResult,
    ExecutionTimeout,
    GuestError,
    HypervisorNotFound,
    PolicyViolation,
    Sandbox,
    SandboxError,
    ToolError,
    guest_info,
)

EXAMPLE = "import math\nprint(sum(i*i for i in range(10)), math.sqrt(2.0), 7/2)"

MODES = [pytest.param("reuse_vm_trusted", id="reuse_vm"), pytest.param("fresh_vm", id="fresh_vm")]


@pytest.fixture(scope="module", params=MODES)
def sandbox(request: pytest.FixtureRequest, needs_vm: None) -> Sandbox:
    return Sandbox(isolation=request.param)


def fields(r: ExecutionResult) -> tuple[object, ...]:
    return (r.stdout, r.stderr, r.exit_code, r.success, r.error, r.exception_type, r.traceback, r.output_truncated)


# --- no VM needed -------------------------------------------------------------------------------


def test_exception_hierarchy() -> None:
    assert issubclass(SandboxError, Exception)
    for exc in (HypervisorNotFound, ExecutionTimeout, GuestError, PolicyViolation, ToolError):
        assert issubclass(exc, SandboxError)


def test_version_and_info(hypervisor: dict[str, Any]) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", hyperlight_codeact.__version__)
    assert hypervisor["kind"] in {"KVM", "PVM-backed KVM", "MSHV", "none"}
    assert hypervisor["usable"] == (hypervisor["kind"] != "none")
    if not hypervisor["usable"]:
        assert hypervisor["problem"] and hypervisor["fix"]
    guest = guest_info()
    assert re.fullmatch(r"[0-9a-f]{64}", guest["sha256"])
    assert guest["size_bytes"] > 0
    assert guest["version"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"memory_mb": 0},
        {"memory_mb": -1},
        {"timeout_seconds": -1.0},
        {"timeout_seconds": 0.0},
        {"timeout_seconds": float("nan")},
        {"max_output_bytes": -1},
    ],
)
def test_bad_arguments_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises((ValueError, SandboxError)):
        Sandbox(**kwargs)  # type: ignore[arg-type]


def test_no_hypervisor_says_problem_and_fix(hypervisor: dict[str, Any]) -> None:
    if hypervisor["usable"]:
        pytest.skip("a hypervisor is usable here")
    with pytest.raises(HypervisorNotFound) as info:
        Sandbox()
    assert str(hypervisor["problem"]) in str(info.value)
    assert "Fix" in str(info.value)


# --- real micro-VMs -----------------------------------------------------------------------------


def test_example_program(sandbox: Sandbox) -> None:
    r = sandbox.run(EXAMPLE)
    assert r.stdout == "285 1.4142135623730951 3.5\n"
    assert r.stderr == ""
    assert (r.success, r.exit_code, r.error, r.exception_type, r.traceback) == (True, 0, None, None, None)
    assert not r.output_truncated
    assert "285" in repr(r) and "success=True" in repr(r)


def test_stdout_and_stderr_are_captured_separately(sandbox: Sandbox) -> None:
    r = sandbox.run("import sys\nprint('to out')\nprint('to err', file=sys.stderr)\nprint('more out')")
    assert r.stdout == "to out\nmore out\n"
    assert r.stderr == "to err\n"
    assert r.success


def test_uncaught_exception(sandbox: Sandbox) -> None:
    code = "def f(x):\n    return 1 / x\n\nprint('before')\nf(0)\nprint('after')\n"
    r = sandbox.run(code)
    assert r.success is False
    assert r.exit_code == 1
    assert r.error == "ZeroDivisionError: division by zero"
    assert r.exception_type == "ZeroDivisionError"
    assert r.stdout == "before\n"
    assert r.traceback is not None
    assert "line 5" in r.traceback  # the call site
    assert "line 2" in r.traceback  # where it raised
    assert "ZeroDivisionError" in r.traceback


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("total = 1\nprint(totl)\n", "NameError: name 'totl' is not defined. Did you mean: 'total'?"),
        ("lenn([])\n", "NameError: name 'lenn' is not defined. Did you mean: 'len'?"),
        (
            "class U:\n    name = 1\nU().nme\n",
            "AttributeError: 'U' object has no attribute 'nme'. Did you mean: 'name'?",
        ),
        ("import math\nmath.sqr(4)\n", "AttributeError: module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?"),
        ("zzzqqq\n", "NameError: name 'zzzqqq' is not defined"),
    ],
)
def test_uncaught_error_suggests_a_close_name(sandbox: Sandbox, code: str, error: str) -> None:
    # CPython 3.11 adds the suggestion when it prints the traceback, never to str(exception)
    r = sandbox.run(code)
    assert r.error == error
    assert r.traceback is not None and r.traceback.rstrip().endswith(error)
    caught = sandbox.run(f"try:\n    exec({code!r})\nexcept Exception as e:\n    print(e)\n")
    assert "Did you mean" not in caught.stdout


def test_sys_exit_code(sandbox: Sandbox) -> None:
    r = sandbox.run("import sys\nprint('bye')\nsys.exit(3)\nprint('not reached')")
    assert r.exit_code == 3
    assert r.stdout == "bye\n"
    assert r.success is False


def test_frozen_modules_import_and_missing_ones_are_named(sandbox: Sandbox) -> None:
    # guest/frozen/*.py are compiled into the guest image at build time.
    r = sandbox.run("import _hlc_probe\nprint(_hlc_probe.answer(), _hlc_probe.FROZEN)")
    assert r.stdout == "42 True\n", r.stderr
    r = sandbox.run("import no_such_module")
    assert r.exception_type == "ModuleNotFoundError"
    assert r.error == "ModuleNotFoundError: No module named 'no_such_module'"


def test_state_does_not_leak_between_runs(sandbox: Sandbox) -> None:
    assert sandbox.run("secret = 42\nprint(secret)").stdout == "42\n"
    r = sandbox.run("print(secret)")
    assert r.exception_type == "NameError"
    assert r.error is not None and r.error.startswith("NameError")
    assert r.success is False


@pytest.mark.needs_vm
def test_output_truncation() -> None:
    r = Sandbox(max_output_bytes=100).run("print('x' * 10000)")
    assert r.output_truncated
    assert len(r.stdout.encode()) <= 100


def test_timeout_stops_the_run_and_the_sandbox_stays_usable(sandbox: Sandbox) -> None:
    short = Sandbox(timeout_seconds=0.5, isolation=sandbox.isolation)
    start = time.monotonic()
    with pytest.raises(ExecutionTimeout):
        short.run("while True:\n    pass")
    assert time.monotonic() - start < 10
    assert short.run("print('still here')").stdout == "still here\n"


PROGRAMS = [
    EXAMPLE,
    "print('hello')",
    "import sys\nprint('e', file=sys.stderr)",
    "1/0",
    "import sys\nsys.exit(3)",
    "print(undefined_name)",
    "x = [i for i in range(100)]\nprint(len(x), x[-1])",
    "raise ValueError('custom message')",
    "def f():\n    raise KeyError('k')\nf()",
]


@pytest.mark.needs_vm
def test_both_modes_give_identical_results() -> None:
    reuse, fresh = Sandbox(isolation="reuse_vm_trusted"), Sandbox()
    for code in PROGRAMS:
        a, b = reuse.run(code), fresh.run(code)
        assert fields(a) == fields(b), code
        assert a == b


@pytest.mark.needs_vm
def test_thousand_runs_in_one_process() -> None:
    sb = Sandbox()
    for i in range(1000):
        r = sb.run(f"print({i} * 2)")
        assert r.success, (i, r)
        assert r.stdout == f"{i * 2}\n"


@pytest.mark.needs_vm
def test_gil_is_released_while_the_vm_runs() -> None:
    sb = Sandbox()
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        while not ticks:
            time.sleep(0.001)
        start = time.monotonic()
        r = sb.run("print(sum(range(10**7)))")
        end = time.monotonic()
    finally:
        stop.set()
        t.join()
    assert r.stdout == f"{sum(range(10**7))}\n"
    # With the GIL held during the run, the ticker could not record any time inside it.
    inside = [x for x in ticks if start < x < end]
    assert end - start > 0.02, "the run was too short to tell"
    assert len(inside) >= 3, (len(inside), end - start)


@pytest.mark.needs_vm
def test_one_sandbox_shared_by_threads() -> None:
    sb = Sandbox()
    errors: list[BaseException] = []
    outputs: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            for i in range(20):
                r = sb.run(f"print({n}, {i})")
                with lock:
                    outputs.append(r.stdout)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(outputs) == sorted(f"{n} {i}\n" for n in range(4) for i in range(20))


@pytest.mark.needs_vm
def test_sandbox_repr_and_config() -> None:
    sb = Sandbox(timeout_seconds=5, memory_mb=32, max_output_bytes=4096)
    assert (sb.timeout_seconds, sb.memory_mb, sb.isolation, sb.max_output_bytes) == (5.0, 32, "fresh_vm", 4096)
    assert sb.fresh_vm_per_run
    assert repr(sb) == "Sandbox(timeout_seconds=5.0, memory_mb=32, isolation='fresh_vm', max_output_bytes=4096)"
    # The older spelling of the opt-in, and refusals.
    assert Sandbox(fresh_vm_per_run=False).isolation == "reuse_vm_trusted"
    with pytest.raises(ValueError, match="isolation must be"):
        Sandbox(isolation="shared")
    with pytest.raises(ValueError, match="contradicts"):
        Sandbox(isolation="reuse_vm_trusted", fresh_vm_per_run=True)


@pytest.mark.needs_vm
def test_doctor(hypervisor: dict[str, Any]) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "hyperlight_codeact", "doctor"], capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 0, p.stdout + p.stderr
    assert "hypervisor" in p.stdout
    assert hypervisor["kind"] in p.stdout
    assert "OK" in p.stdout


def test_traceback_shows_each_frames_source_line(sandbox: Sandbox) -> None:
    # As CPython's traceback (without 3.11's ^^^ markers): the line under each frame of the
    # program, stripped; frames of exec()'d strings have no source to show.
    r = sandbox.run("def f(x):\n    return 1 / x\n\ndef g():\n    return f(0)\n\ng()\n")
    assert r.traceback == (
        "Traceback (most recent call last):\n"
        '  File "<code>", line 7, in <module>\n'
        "    g()\n"
        '  File "<code>", line 5, in g\n'
        "    return f(0)\n"
        '  File "<code>", line 2, in f\n'
        "    return 1 / x\n"
        "ZeroDivisionError: division by zero\n"
    )
    r = sandbox.run('exec("1/0")')
    assert (
        '  File "<code>", line 1, in <module>\n    exec("1/0")\n  File "<string>", line 1, in <module>\nZeroDivisionError'
        in (r.traceback or "")
    )


def test_input_is_end_of_file(sandbox: Sandbox) -> None:
    # A run has no stdin: as CPython with stdin at EOF, the prompt is printed, EOFError raised.
    r = sandbox.run("try:\n    input('name? ')\nexcept EOFError as e:\n    print(type(e).__name__, e)")
    assert r.stdout == "name? EOFError EOF when reading a line\n", r.error
