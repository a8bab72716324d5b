"""The guest's clock (time, datetime.now), contextlib and ImportError.name, in real micro-VMs.

Deterministic behaviour (contextlib, struct_time, strftime of fixed timestamps, e.name) must
print the same as this CPython (run with TZ=UTC: the sandbox's local time is UTC); the clocks
themselves are checked against the host's clock, without timing assertions beyond generous
bounds that prove a sleep is cut at the time limit."""

from __future__ import annotations

import datetime as host_datetime
import time

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import ExecutionTimeout, Sandbox

CONTEXTLIB = r"""
from contextlib import contextmanager, suppress, closing, nullcontext, ExitStack, AbstractContextManager, ContextDecorator

log = []

@contextmanager
def tag(name):
    log.append("enter " + name)
    try:
        yield name.upper()
    except ValueError as e:
        log.append("caught %r in %s" % (e, name))
    finally:
        log.append("exit " + name)

with tag("a") as t:
    log.append("body " + t)
with tag("b"):
    raise ValueError("boom")
log.append("after b")
try:
    with tag("c"):
        raise KeyError("k")
except KeyError as e:
    log.append("outer caught %r" % (e,))
print(log)

@contextmanager
def noyield(stop=True):
    if stop:
        return
    yield

try:
    with noyield():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

@contextmanager
def twice():
    yield 1
    yield 2

try:
    with twice():
        pass
except RuntimeError as e:
    print("RuntimeError:", e)

@contextmanager
def reraise_other():
    try:
        yield
    except ZeroDivisionError:
        raise TypeError("converted")

try:
    with reraise_other():
        1 / 0
except TypeError as e:
    print("TypeError:", e, type(e.__context__).__name__)

@contextmanager
def stopper():
    yield

try:
    with stopper():
        raise StopIteration("stop")
except StopIteration as e:
    print("StopIteration propagated:", e)

@tag("deco")
def decorated(x):
    return x * 2
log.clear()
print(decorated(21), decorated(1), log, decorated.__name__)

with suppress(FileNotFoundError, KeyError):
    {}["missing"]
print("suppressed")
try:
    with suppress(KeyError):
        [][1]
except IndexError:
    print("IndexError not suppressed")

class Res:
    def __init__(self, n):
        self.n = n
    def close(self):
        print("closed", self.n)

with closing(Res(1)) as r:
    print("using", r.n)

with nullcontext(5) as v:
    print("null", v)
with nullcontext() as v:
    print("null", v)

class CM:
    def __init__(self, name, swallow=False):
        self.name, self.swallow = name, swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name
    def __exit__(self, t, v, tb):
        print("exit", self.name, t.__name__ if t else None, v)
        return self.swallow

with ExitStack() as stack:
    names = [stack.enter_context(CM(n)) for n in "xyz"]
    stack.callback(print, "callback", 1, sep="-")
    stack.push(lambda t, v, tb: print("pushed exit", t))
    print(names)

with ExitStack() as stack:
    stack.enter_context(CM("swallower", swallow=True))
    stack.enter_context(CM("inner"))
    raise ValueError("v")
print("swallowed by stack")

try:
    with ExitStack() as stack:
        stack.callback(lambda: 1 / 0)
        stack.enter_context(CM("z"))
        raise ValueError("first")
except ZeroDivisionError as e:
    print("ZeroDivisionError context:", type(e.__context__).__name__, e.__context__)

stack = ExitStack()
stack.enter_context(CM("manual"))
moved = stack.pop_all()
stack.close()
print("popped")
moved.close()

try:
    ExitStack().enter_context(object())
except TypeError as e:
    print("TypeError:", e)

with ExitStack() as st:
    st.enter_context(tag("gen"))
print(log[-2:])

class Mine(AbstractContextManager):
    def __exit__(self, *a):
        print("Mine exit")
with Mine() as m:
    print(type(m).__name__)

class Deco(ContextDecorator):
    def __enter__(self):
        print("deco enter")
        return self
    def __exit__(self, *exc):
        print("deco exit")
        return False

@Deco()
def f():
    print("in f")
f()
"""

TIME_FUNCTIONS = r"""
import time
for secs in (0, 1.9, -1.5, 86399, 951782400, 1234567890, 4102444800, 253402300799):
    t = time.gmtime(secs)
    print(t, t.tm_zone, t.tm_gmtoff, len(t), t[0], t[-1], t[:3], tuple(t) == t, isinstance(t, tuple))
    print(time.localtime(secs) == t, time.mktime(time.localtime(secs)), time.asctime(t), time.ctime(secs))
    print(time.strftime("%Y-%m-%d %H:%M:%S %a %A %b %B %j %U %W %w %u %y %p %I %c %x %X %% %z %Z %s %G %V", time.localtime(secs)))
print(time.timezone, time.altzone, time.daylight, time.tzname)
st = time.struct_time((2024, 2, 29, 12, 30, 45, 3, 60, 0))
print(st, st.tm_mon, st.tm_zone, st.tm_gmtoff, time.strftime("%d/%m/%Y", st), time.mktime(st))
y, m, d, *rest = st
print(y, m, d, rest)
print(time.mktime((2024, 13, 40, 25, 61, 61, 0, 1, 0)), time.mktime((2024, 1, 1, 0, 0, 0, 0, 1, 0)))
print(time.strftime("%Y", (2024, 0, 0, 0, 0, 0, 0, 0, 0)))
print(time.strptime("2024-03-05 10:11:12", "%Y-%m-%d %H:%M:%S"))
print(time.strptime("Tue Mar  5 10:11:12 2024"))
for bad in ["time.sleep(-1)", "time.sleep('1')", "time.sleep(float('nan'))", "time.sleep(None)",
            "time.struct_time((1, 2))", "time.mktime((1, 2))", "time.mktime('x')",
            "time.strftime('%Y', (2024, 13, 1, 0, 0, 0, 0, 1, 0))", "time.strftime('%Y', (1, 2))",
            "time.gmtime('x')", "time.gmtime(float('nan'))", "time.strftime(1)"]:
    try:
        eval(bad)
        print(bad, "ok")
    except Exception as e:
        print(bad, type(e).__name__, e)
import datetime
d = datetime.datetime(2024, 5, 6, 7, 8, 9)
print(d.timetuple(), d.utctimetuple(), datetime.date(2020, 1, 1).timetuple())
a = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
print(a.timetuple(), a.utctimetuple(), d.strftime("%s"), time.mktime(d.timetuple()))
print(datetime.datetime.fromtimestamp(1e9), datetime.datetime.fromtimestamp(1e9, datetime.timezone.utc), datetime.date.fromtimestamp(1e9))
"""

IMPORT_ERRORS = r"""
for src in ["import nosuchmod", "from sys import nope", "import nosuch.sub"]:
    try:
        exec(src)
    except ImportError as e:
        print(type(e).__name__, repr(e.name), e.path, repr(e.msg), e)
try:
    import nosuchmodule_either
except ModuleNotFoundError as e:
    print("missing:", e.name)
e = ImportError("x")
print(e.name, e.path, e.msg, ImportError().msg, ImportError("a", "b").msg)
class MyErr(ImportError):
    def __init__(self, m):
        super().__init__(m)
        self.name = "custom"
print(MyErr("No module named 'zz'").name, isinstance(MyErr("q"), ImportError))
"""


@pytest.mark.parametrize(
    "code", [CONTEXTLIB, TIME_FUNCTIONS, IMPORT_ERRORS], ids=["contextlib", "time", "import_error"]
)
def test_matches_cpython(code: str, sandbox: Sandbox) -> None:
    assert_matches_cpython(sandbox, code)


def floats(stdout: str) -> list[float]:
    return [float(x) for x in stdout.split()]


def test_wall_clock_is_the_hosts(sandbox: Sandbox) -> None:
    before = time.time()
    r = sandbox.run("import time\nprint(time.time(), time.time_ns())")
    after = time.time()
    assert r.error is None, r.error
    t, t_ns = r.stdout.split()
    print(f"host {before:.6f}..{after:.6f}, guest {t}")
    assert before - 5 <= float(t) <= after + 5
    assert abs(int(t_ns) / 1e9 - float(t)) < 5


def test_datetime_now_and_today_use_the_clock(sandbox: Sandbox) -> None:
    before = host_datetime.datetime.now(host_datetime.timezone.utc)
    r = sandbox.run(
        "import datetime\n"
        "n = datetime.datetime.now(); u = datetime.datetime.now(datetime.timezone.utc)\n"
        "print(n.isoformat()); print(u.isoformat()); print(datetime.datetime.utcnow().isoformat())\n"
        "print(datetime.datetime.today().isoformat()); print(datetime.date.today().isoformat())\n"
        "print(n.tzinfo, u.tzinfo, type(datetime.date.today()).__name__)"
    )
    after = host_datetime.datetime.now(host_datetime.timezone.utc)
    assert r.error is None, r.error
    naive, aware, utcnow, today, date_today, kinds = r.stdout.splitlines()
    slack = host_datetime.timedelta(seconds=5)
    for value in (naive, utcnow, today):
        # Local time is UTC in the sandbox: naive now() is UTC wall time.
        got = host_datetime.datetime.fromisoformat(value).replace(tzinfo=host_datetime.timezone.utc)
        assert before - slack <= got <= after + slack, value
    got = host_datetime.datetime.fromisoformat(aware)
    assert got.utcoffset() == host_datetime.timedelta(0)
    assert before - slack <= got <= after + slack
    assert date_today in {before.date().isoformat(), after.date().isoformat()}
    assert kinds == "None UTC date"


def test_monotonic_clocks_do_not_go_back(sandbox: Sandbox) -> None:
    r = sandbox.run(
        "import time\n"
        "for f in (time.monotonic, time.perf_counter, time.process_time, time.monotonic_ns, time.perf_counter_ns):\n"
        "    vals = [f() for _ in range(200)]\n"
        "    print(all(a <= b for a, b in zip(vals, vals[1:])), type(vals[0]).__name__, vals[0] >= 0)\n"
    )
    assert r.error is None, r.error
    assert r.stdout.splitlines() == ["True float True"] * 3 + ["True int True"] * 2


def test_clock_reads_are_not_audited_and_sleeps_are(sandbox: Sandbox) -> None:
    r = sandbox.run("import time, datetime\ntime.time(); time.monotonic(); datetime.datetime.now(); time.sleep(0)")
    assert r.error is None, r.error
    assert [(op["op"], op["target"], op["error"]) for op in r.host_ops] == [("time.sleep", "0s", None)]


def test_sleep_sleeps_on_the_host(sandbox: Sandbox) -> None:
    started = time.monotonic()
    r = sandbox.run("import time\na = time.monotonic()\ntime.sleep(0.05)\nprint(time.monotonic() - a)")
    elapsed = time.monotonic() - started
    assert r.error is None, r.error
    print(f"sleep(0.05): guest measured {r.stdout.strip()} s, host {elapsed:.4f} s")
    assert elapsed >= 0.05
    assert float(r.stdout) >= 0.05
    [op] = r.host_ops
    assert (op["op"], op["target"], op["error"]) == ("time.sleep", "0.05s", None)
    assert op["duration_ms"] >= 50


def test_bad_sleep_lengths_raise_as_cpython(sandbox: Sandbox) -> None:
    code = (
        "import time\n"
        "for v in (-1, -0.5, float('nan'), float('inf'), -float('inf'), 9.3e9, -1e300, '1', None, 2**70, True and 0):\n"
        "    try:\n        time.sleep(v)\n        print('slept', v)\n"
        "    except Exception as e:\n        print(type(e).__name__, e)\n"
    )
    assert_matches_cpython(sandbox, code)


@pytest.mark.needs_vm
def test_sleep_past_the_time_limit_is_a_timeout() -> None:
    sb = Sandbox(timeout_seconds=1)
    for code in ("import time\ntime.sleep(100)\nprint('woke')", "import time\nwhile True:\n    time.sleep(0.3)"):
        started = time.monotonic()
        with pytest.raises(ExecutionTimeout):
            sb.run(code)
        elapsed = time.monotonic() - started
        print(f"{code!r} under a 1 s limit stopped after {elapsed:.3f} s")
        # Generous: proves the 100 s sleep was cut at the limit, not a timing measurement.
        assert elapsed < 30
    # The sandbox recovers, and a sleep within the limit completes.
    r = sb.run("import time\ntime.sleep(0.01)\nprint('ok')")
    assert r.stdout == "ok\n"
