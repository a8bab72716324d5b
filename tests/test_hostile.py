"""Hostile programs: each tries to escape or exhaust the host and gets one exact refusal, and the
next run on the same sandbox succeeds with fresh state.

The sandbox is small on purpose (1 s timeout, 4 KiB of output, 100 tool calls, 64 KiB tool
payloads) so the limits are reached quickly.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from hyperlight_codeact import ExecutionTimeout, Sandbox, SandboxError

pytestmark = pytest.mark.needs_vm

OUTPUT = 4096
PAYLOAD = 64 * 1024
CALLS = 100


class Host:
    """Tools that count what reached the host."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[str, int] = {}

    def count(self, name: str) -> None:
        with self.lock:
            self.calls[name] = self.calls.get(name, 0) + 1

    def tools(self) -> list[Any]:
        def ping() -> int:
            self.count("ping")
            return 1

        def sink(x: Any) -> int:
            self.count("sink")
            return len(x)

        def blob(n: int) -> str:
            self.count("blob")
            return "x" * n

        return [ping, sink, blob]


@pytest.fixture(scope="module")
def host() -> Host:
    return Host()


@pytest.fixture(scope="module")
def sb(host: Host) -> Sandbox:
    return Sandbox(
        host.tools(),
        timeout_seconds=1.0,
        max_output_bytes=OUTPUT,
        max_tool_calls=CALLS,
        max_tool_payload_bytes=PAYLOAD,
        pool_size=1,
    )


@pytest.fixture(scope="module")
def big(host: Host) -> Sandbox:
    """As `sb`, with room in time for programs that fill the heap or the output: in a fresh VM
    every page they touch is a first touch (page faults and, on PVM, shadow-paging faults)."""
    return Sandbox(
        host.tools(),
        timeout_seconds=10.0,
        max_output_bytes=OUTPUT,
        max_tool_calls=CALLS,
        max_tool_payload_bytes=PAYLOAD,
        pool_size=1,
    )


@pytest.fixture(autouse=True)
def _next_run_succeeds(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every hostile program, the same sandbox runs ordinary code with fresh state."""
    yield
    names = [n for n in ("sb", "big") if n in request.fixturenames]
    if not names:
        return
    sandbox: Sandbox = request.getfixturevalue(names[0])
    r = sandbox.run(
        "import sys\n"
        "print(6 * 7, 'mine' in globals(), len(bytearray(10**6)), sorted(sys.modules))\n"
        "print(call_tool('ping'))"
    )
    assert (r.success, r.stdout, r.output_truncated) == (True, "42 False 1000000 []\n1\n", False), r


def refused(r: Any, exception_type: str, message: str | None = None) -> None:
    """`r` ended with exactly this uncaught exception (and `message` when given)."""
    assert not r.success, r
    assert r.exit_code == 1
    assert r.exception_type == exception_type, r
    if message is not None:
        assert r.error == f"{exception_type}: {message}", r


def no_host_data(r: Any) -> None:
    text = r.stdout + r.stderr + (r.traceback or "")
    with open("/etc/passwd") as f:
        first_line = f.readline().strip()
    assert first_line and first_line not in text
    assert "root:" not in text


# --- files and network ---------------------------------------------------------------------------


def test_open_of_an_unmounted_host_path_is_a_permission_error(sb: Sandbox) -> None:
    r = sb.run("open('/etc/passwd').read()")
    refused(r, "PermissionError")
    no_host_data(r)


@pytest.mark.parametrize(
    "code",
    [
        "print(open('/etc/passwd').read())",
        "import io\nprint(io.open('/etc/passwd').read())",
        "print(open('../../../../etc/passwd').read())",
        "print(open('/proc/self/environ').read())",
        "exec(\"print(open('/etc/passwd').read())\")",
    ],
)
def test_host_files_never_reach_the_code(sb: Sandbox, code: str) -> None:
    r = sb.run(code)
    assert not r.success
    assert r.exception_type in ("OSError", "PermissionError", "FileNotFoundError"), r
    no_host_data(r)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.setblocking(False)
    yield s
    s.close()


def connections(s: socket.socket) -> int:
    n = 0
    while True:
        try:
            conn, _ = s.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def test_http_without_an_allow_list_is_a_permission_error_and_connects_nowhere(
    sb: Sandbox, listener: socket.socket
) -> None:
    port = listener.getsockname()[1]
    r = sb.run(f"http_get('http://127.0.0.1:{port}/')")
    assert connections(listener) == 0
    refused(r, "PermissionError")


def test_network_is_unreachable_by_any_name(sb: Sandbox, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    code = (
        "for name in ('socket', 'usocket', 'ssl', 'httpx', 'urllib', 'urllib.request'):\n"
        "    try:\n"
        "        __import__(name)\n"
        "        print(name, 'imported')\n"
        "    except ImportError as e:\n"
        "        print(name, type(e).__name__)\n"
        f"http_get('http://127.0.0.1:{port}/')\n"
    )
    r = sb.run(code)
    assert r.stdout.count("ModuleNotFoundError") == 6, r.stdout
    refused(r, "PermissionError")
    assert connections(listener) == 0


# --- processes, native code ----------------------------------------------------------------------


def test_os_system(sb: Sandbox) -> None:
    r = sb.run("import os\nos.system('touch /tmp/hyperlight-codeact-pwned')")
    # The guest's `os` has `system` only to refuse it: no processes exist in the micro-VM.
    refused(r, "PermissionError")
    assert not os.path.exists("/tmp/hyperlight-codeact-pwned")


@pytest.mark.parametrize(
    ("code", "module"),
    [
        ("import socket", "socket"),
        ("__import__('subprocess')", "subprocess"),
        ("import _thread", "_thread"),
        ("import ffi", "ffi"),
        ("import uctypes", "uctypes"),
        ("import machine", "machine"),
        ("import select", "select"),
        ("exec(compile('import socket', 'x', 'exec'))", "socket"),
        ("eval(\"__import__('subprocess')\")", "subprocess"),
    ],
)
def test_dangerous_modules_do_not_exist(sb: Sandbox, code: str, module: str) -> None:
    refused(sb.run(code), "ModuleNotFoundError", f"No module named '{module}'")


# --- tools ---------------------------------------------------------------------------------------


def test_tool_call_flood_stops_at_max_tool_calls(sb: Sandbox, host: Host) -> None:
    before = host.calls.get("ping", 0)
    r = sb.run("for i in range(10**6):\n    call_tool('ping')")
    refused(r, "ToolError", f"tool call limit reached: at most {CALLS} calls per run")
    assert host.calls["ping"] - before == CALLS


def test_tool_call_flood_that_ignores_the_refusal(big: Sandbox, host: Host) -> None:
    sb = big
    before = host.calls.get("ping", 0)
    code = (
        "refused = 0\n"
        "for i in range(10000):\n"
        "    try:\n        call_tool('ping')\n    except ToolError:\n        refused += 1\n"
        "print(refused)"
    )
    r = sb.run(code)
    assert (r.success, r.stdout) == (True, f"{10000 - CALLS}\n")
    assert host.calls["ping"] - before == CALLS
    # The calls that ran, the refused ones up to the audit's cap (100 more), and a summary.
    assert len(r.tool_calls) == CALLS + 100 + 1
    assert [c["outcome"] for c in r.tool_calls[CALLS:]] == ["error"] * 101
    assert r.tool_calls[-1]["error"] == f"{10000 - CALLS - 100} more refused calls were not recorded (audit limit)"


@pytest.mark.parametrize("size", [PAYLOAD, 10**6, 5 * 10**6])
def test_giant_tool_arguments_are_refused_before_the_tool_runs(big: Sandbox, host: Host, size: int) -> None:
    sb = big
    before = host.calls.get("sink", 0)
    r = sb.run(f"call_tool('sink', x='a' * {size})")
    refused(r, "ToolError")
    m = re.fullmatch(
        rf"ToolError: tool call arguments are (\d+) bytes; (the limit is {PAYLOAD}|too large to send to the host)",
        r.error or "",
    )
    assert m is not None and int(m[1]) > size, r.error
    assert host.calls.get("sink", 0) == before


def test_giant_tool_result_is_refused(big: Sandbox) -> None:
    sb = big
    r = sb.run("call_tool('blob', n=10**6)")
    refused(r, "ToolError")
    assert r.error is not None and r.error.endswith(f"bytes; the limit is {PAYLOAD}"), r.error


def test_deeply_nested_tool_arguments(sb: Sandbox) -> None:
    r = sb.run("x = []\nfor i in range(10000):\n    x = [x]\ncall_tool('sink', x=x)")
    refused(r, "ValueError", "call_tool: argument nested too deeply")


# --- output --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "print('x' * 10**7)",
        "import sys\nsys.stdout.write('z' * 10**7)",
        "import sys\nfor i in range(10**4):\n    sys.stdout.write('z' * 1000)",
    ],
)
def test_giant_output_is_truncated(big: Sandbox, code: str) -> None:
    sb = big
    r = sb.run(code)
    assert r.success, r
    assert r.output_truncated
    assert len(r.stdout) == OUTPUT


def test_giant_stderr_is_truncated(big: Sandbox) -> None:
    sb = big
    r = sb.run("import sys\nsys.stderr.write('e' * 10**7)")
    assert (r.success, r.output_truncated, len(r.stderr)) == (True, True, OUTPUT)


@pytest.mark.parametrize(
    "code",
    ["while True:\n    print('x' * 1000)", "import sys\nwhile True:\n    sys.stdout.write('z' * 10000)"],
)
def test_endless_output_is_stopped_by_the_timeout(sb: Sandbox, code: str) -> None:
    with pytest.raises(ExecutionTimeout):
        sb.run(code)


def test_replacing_stdout_affects_only_this_run(sb: Sandbox) -> None:
    # sys.stdout is assignable, as in CPython: the program only redirects its own output. None
    # silences print(); an object without write() makes print() raise; an uncaught exception is
    # still reported on the real stderr; the next run has the real streams again.
    r = sb.run("import sys\nsys.stdout = None\nprint('lost')\nsys.stderr = None\n1 / 0")
    refused(r, "ZeroDivisionError")
    assert r.stdout == ""
    refused(sb.run("import sys\nsys.stdout = 5\nprint('x')"), "AttributeError", "'int' object has no attribute 'write'")
    r = sb.run("import sys\nprint(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__)")
    assert r.stdout == "True True\n"


# --- CPU and recursion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "while True:\n    pass",
        "exec('while True: pass')",
        "exec(compile('while True: pass', 'x', 'exec'))",
        "eval('sum(range(10**15))')",
        # Exponential recursion: fib(100) the slow way.
        "def f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\nf(100)",
        # Fork-bomb style: every RecursionError is caught and doubles the work.
        "def bomb():\n    try:\n        bomb()\n    except RecursionError:\n        bomb()\nbomb()",
    ],
)
def test_runaway_code_is_stopped_by_the_timeout(sb: Sandbox, code: str) -> None:
    with pytest.raises(ExecutionTimeout) as e:
        sb.run(code)
    assert e.value.timeout_seconds == 1.0


@pytest.mark.parametrize(
    "code",
    [
        "def f(n):\n    return f(n + 1)\nf(0)",
        "def bomb():\n    bomb()\n    bomb()\nbomb()",
        "def g():\n    yield from g()\nlist(g())",
        "class A:\n    def __repr__(self):\n        return repr(self)\nrepr(A())",
        "x = []\nx.append(x)\nstr(x)",
        "exec('def f():\\n    f()\\nf()')",
        "f = lambda: f()\nf()",
    ],
)
def test_deep_recursion_is_a_recursion_error(sb: Sandbox, code: str) -> None:
    refused(sb.run(code), "RecursionError", "maximum recursion depth exceeded")


def test_recursion_limit_games(sb: Sandbox) -> None:
    code = (
        "import sys\n"
        "try:\n    sys.setrecursionlimit(10**9)\nexcept AttributeError as e:\n    print(e)\n"
        "def f(n):\n    return f(n + 1)\nf(0)"
    )
    r = sb.run(code)
    assert r.stdout == "module 'sys' has no attribute 'setrecursionlimit'\n"
    refused(r, "RecursionError", "maximum recursion depth exceeded")


# --- memory --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "'x' * 10**10",
        "[0] * 10**9",
        "bytearray(10**10)",
        "a = []\nwhile True:\n    a = [a, [0] * 1000]",
        "x = 'a'\nwhile True:\n    x = x + x",
        "d = {}\nfor i in range(10**8):\n    d[i] = i",
        "eval(\"'x' * 10**10\")",
        "exec('b = bytes(10**10)')",
        # GC tricks: no collection, or a locked heap, still end in MemoryError.
        "import gc\ngc.disable()\nwhile True:\n    x = bytearray(10**6)",
        "import gc\ngc.disable()\na = []\nwhile True:\n    a.append(bytearray(10**6))",
        "import micropython\nmicropython.heap_lock()\nx = [1] * 10",
    ],
)
def test_memory_bombs_are_memory_errors(big: Sandbox, code: str) -> None:
    sb = big
    refused(sb.run(code), "MemoryError")


# --- exceptions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "raise ValueError('m' * 10**7)",
        "exec(\"raise ValueError('m' * 10**7)\")",
        "e = Exception('x' * 10**5)\nfor i in range(50):\n    e = Exception(e)\nraise e",
        "print('o' * 10**6)\nimport sys\nsys.stderr.write('e' * 10**6)\nraise ValueError('v' * 10**7)",
        "raise KeyError('k' * 10**5)",
    ],
)
def test_huge_exception_messages_are_truncated(big: Sandbox, code: str) -> None:
    sb = big
    r = sb.run(code)
    assert not r.success
    assert r.exception_type in ("ValueError", "Exception", "KeyError")
    assert r.error is not None and r.error.startswith(f"{r.exception_type}: ")
    assert r.output_truncated
    assert len(r.error or "") <= OUTPUT and len(r.traceback or "") <= OUTPUT
    assert len(r.stdout) <= OUTPUT and len(r.stderr) <= OUTPUT


def test_huge_exception_message_with_default_limits() -> None:
    """The message and traceback fit the transport at the default 1 MiB output limit too."""
    big = Sandbox()
    r = big.run("print('o' * 2 * 10**6)\nimport sys\nsys.stderr.write('e' * 2 * 10**6)\nraise ValueError('m' * 10**7)")
    assert (r.exception_type, r.output_truncated) == ("ValueError", True)
    assert len(r.stdout) == len(r.stderr) == 1 << 20
    assert big.run("print(1)").stdout == "1\n"


def test_base_exceptions_do_not_escape(sb: Sandbox) -> None:
    refused(sb.run("raise KeyboardInterrupt"), "KeyboardInterrupt")
    refused(sb.run("raise GeneratorExit"), "GeneratorExit")
    r = sb.run("raise SystemExit(3)")
    assert (r.success, r.exit_code) == (False, 3)


# --- state poisoning -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "import builtins\nbuiltins.print = None\nbuiltins.call_tool = None\nbuiltins.len = None",
        "import sys\nsys.modules['sys'] = None\nsys.modules['os'] = 1",
        "mine = 1\nglobal_state = [bytearray(10**6) for i in range(20)]",
        "import micropython\nmicropython.heap_lock()",
        "import gc\ngc.disable()\ngc.threshold(1)",
    ],
)
def test_state_changes_do_not_outlive_the_run(sb: Sandbox, code: str) -> None:
    r = sb.run(code)
    assert r.success, r


def test_a_memory_error_names_the_size_asked_for(sb: Sandbox) -> None:
    # 10 GiB does not fit in 32 bits: the message must not wrap it to a small number.
    refused(sb.run("bytearray(10 * 1024**3)"), "MemoryError", "memory allocation failed, allocating 10737418240 bytes")


# --- deadlines whatever the run waits on, and stopping a run -------------------------------------


def _blocking_tools(release: threading.Event) -> list[Any]:
    def block() -> int:
        release.wait(5)
        return 1

    async def pend() -> int:
        import asyncio

        await asyncio.sleep(5)
        return 1

    def interrupt() -> int:
        raise KeyboardInterrupt

    return [block, pend, interrupt]


@pytest.fixture(scope="module")
def blocking() -> Iterator[tuple[Sandbox, threading.Event]]:
    release = threading.Event()
    yield Sandbox(_blocking_tools(release), timeout_seconds=1.0, pool_size=1), release
    release.set()


@pytest.mark.parametrize("tool", ["block", "pend"])
def test_a_tool_that_overruns_ends_the_run_at_the_deadline(
    blocking: tuple[Sandbox, threading.Event], tool: str
) -> None:
    # The sync tool is left to finish on its thread (its result is discarded); the coroutine is
    # cancelled. Generous slack over the 1 s limit: the bench shows the real numbers.
    sandbox, _ = blocking
    started = time.monotonic()
    with pytest.raises(ExecutionTimeout):
        sandbox.run(f"call_tool({tool!r})")
    assert time.monotonic() - started < 2.5
    assert sandbox.run("print(1)").stdout == "1\n"


def test_an_on_tool_call_hook_that_blocks_ends_the_run_at_the_deadline() -> None:
    # The policy hook is bounded like a tool: a hook waiting (for a human, a lock) ends the run
    # with ExecutionTimeout at the limit, for call_tool and acall_tool alike.
    release = threading.Event()

    def hook(name: str, arguments: dict[str, Any]) -> bool:
        if arguments.get("wait"):
            release.wait(5)
        return True

    def echo(x: int = 0, wait: bool = False) -> int:
        return x

    sandbox = Sandbox([echo], on_tool_call=hook, timeout_seconds=1.0, pool_size=1)
    try:
        for code in (
            "call_tool('echo', wait=True)",
            "import asyncio\nasync def main():\n    await acall_tool('echo', wait=True)\nasyncio.run(main())",
        ):
            started = time.monotonic()
            with pytest.raises(ExecutionTimeout):
                sandbox.run(code)
            assert time.monotonic() - started < 2.5
        assert sandbox.run("print(call_tool('echo', x=4))").stdout == "4\n"
    finally:
        release.set()
        sandbox.close()


def test_keyboard_interrupt_in_a_tool_stops_the_run_and_is_not_a_tool_error(
    blocking: tuple[Sandbox, threading.Event],
) -> None:
    sandbox, _ = blocking
    code = "try:\n    call_tool('interrupt')\nexcept BaseException as e:\n    print('caught', e)\nwhile True:\n    pass"
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        sandbox.run(code)
    assert time.monotonic() - started < 1.0
    assert sandbox.run("print(2)").stdout == "2\n"


def test_ctrl_c_in_the_host_stops_the_vm_and_propagates() -> None:
    """SIGINT while run() runs on the main thread: KeyboardInterrupt from run(), at once."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread only")
    sandbox = Sandbox(timeout_seconds=30.0, pool_size=1)
    # Python's own Ctrl-C handler, as in an interactive process (a shell's background job, as
    # under `make ... &`, starts with SIGINT ignored, and Python then leaves it so).
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            sandbox.run("while True:\n    pass")
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - started < 3.0
    assert sandbox.run("print(3)").stdout == "3\n"


def test_a_run_from_one_of_its_own_tools_is_refused_at_once() -> None:
    holder: list[Sandbox] = []

    def nested() -> str:
        try:
            holder[0].run("print(1)")
        except SandboxError as e:
            return str(e)
        return "ran"

    sandbox = Sandbox([nested], timeout_seconds=5.0, pool_size=1)
    holder.append(sandbox)
    started = time.monotonic()
    r = sandbox.run("print(call_tool('nested'))")
    assert "run() was called from one of this sandbox's own tools" in r.stdout, r
    assert time.monotonic() - started < 2.0


def test_a_sandbox_used_in_a_forked_child_says_so() -> None:
    sandbox = Sandbox(pool_size=1)
    assert sandbox.run("print(1)").stdout == "1\n"
    read, write = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() with threads: on purpose
        pid = os.fork()
    if pid == 0:  # the child: report on the pipe, never return into pytest
        try:
            try:
                sandbox.run("print(1)")
                message = "no error"
            except SandboxError as e:
                message = f"{type(e).__name__}: {e}"
            fresh = Sandbox(pool_size=1).run("print(6 * 7)").stdout
            os.write(write, f"{message}|{fresh}".encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        report = f.read()
    os.waitpid(pid, 0)
    message, fresh = report.split("|")
    assert "create a new Sandbox after fork" in message and "panic" not in message, message
    assert fresh == "42\n"
    assert sandbox.run("print(2)").stdout == "2\n"


# --- errors always carry the exception type ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "exception_type"),
    [
        ("class E(Exception):\n    def __str__(self):\n        raise ValueError('no')\nraise E()", "E"),
        ("raise ValueError('m' * 2 * 10**7)", "ValueError"),
        ("import gc\ngc.disable()\na = []\nwhile True:\n    a.append(bytearray(10**6))", "MemoryError"),
    ],
)
def test_the_exception_type_survives_a_failing_report(code: str, exception_type: str) -> None:
    r = Sandbox(timeout_seconds=30.0, max_output_bytes=OUTPUT, pool_size=1).run(code)
    assert r.exception_type == exception_type, r
    assert r.error is not None and r.error.startswith(exception_type), r


def test_limits_are_checked_with_one_message() -> None:
    assert Sandbox(memory_mb=16000, pool_size=1).run("print(1)").stdout == "1\n"
    for bad in (0, 16001, -1, 2**40):
        with pytest.raises(ValueError, match=f"^memory_mb must be an integer from 1 to 16000, got {bad}$"):
            Sandbox(memory_mb=bad)
    with pytest.raises(ValueError, match="^max_output_bytes must be an integer from 1 to 67108864, got 0$"):
        Sandbox(max_output_bytes=0)


# --- bounded host memory -------------------------------------------------------------------------


def test_refused_giant_calls_keep_only_a_prefix_in_the_audit(sb: Sandbox) -> None:
    r = sb.run(f"s = 'a' * {PAYLOAD // 2}\nfor i in range(3):\n    call_tool('sink', x=s)")
    assert r.success, r
    assert len(r.tool_calls) == 3
    for call in r.tool_calls:
        assert call["arguments_bytes"] > PAYLOAD // 2 and call["arguments_truncated"]
        assert len(call["arguments"]["x"]) <= 256 and call["arguments"]["x"].endswith("…")
