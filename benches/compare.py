#!/usr/bin/env python3
"""Compare hyperlight-codeact with its peers on the same operations, in one run.

Engines: hyperlight-codeact (the default: a fresh VM per run) and hlc-reuse-vm
(isolation="reuse_vm_trusted", interpreter reset only),
pydantic-monty, agent-framework-hyperlight (run in a child process; its failure is recorded),
CPython in a subprocess (`python3 -c CODE`, the baseline) and CPython in-process `exec`.

Operations: cold start (create + first `print(1)`), warm `print(1)` back to back and with runs
100 ms apart (as an agent's are; the gap is not timed), 100 calls to a trivial
host function in one run, `sum(i*i for i in range(10**6))`, and an infinite loop with a 1 s
limit (engines without a limit option are run in a child process killed after --hard-kill s).

    .venv/bin/pip install pydantic-monty==1.4.0 agent-framework-hyperlight==1.0.0b261022
    .venv/bin/python benches/compare.py [--runs 20] [--cold-runs 5] [--loop-runs 3] [--out /tmp]

Writes compare.json and compare.png to --out and prints tables of medians and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

OPS = ["cold", "warm", "warm100ms", "calls100", "cpu", "loop1s"]
# calls0: the calls100 program with `t += i` instead of the call; per-call = (calls100 - calls0) / 100
MEASURED = ["cold", "warm", "warm100ms", "calls100", "calls0", "cpu", "loop1s"]
CODE_CALLS0 = "t = 0\nfor i in range(100):\n    t += i\nprint(t)\n"
OP_LABEL = {
    "cold": "cold start",
    "warm": "warm print(1)",
    "warm100ms": "print(1) 100ms apart",
    "calls100": "100 tool calls",
    "cpu": "sum 10**6 sq",
    "loop1s": "inf loop, 1s limit",
}
CODE_PRINT = "print(1)"
CODE_CPU = "print(sum(i*i for i in range(10**6)))"
CPU_OUT = "333332833333500000"
CODE_LOOP = "while True:\n    pass\n"


def calls_code(call: str) -> str:
    return "t = 0\nfor i in range(100):\n    t += %s\nprint(t)\n" % call


def noop(x: int = 0) -> int:
    """Returns x (a trivial host tool)."""
    return x


class Skip(Exception):
    """The engine has no such operation (recorded as a note, not an error)."""


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def check(out, want: str) -> None:
    if want not in str(out):
        raise AssertionError(f"unexpected output {str(out)[:200]!r}, wanted {want!r}")


# ----------------------------------------------------------------------------------- engines
class Engine:
    """The workloads every engine runs, in terms of its `run(code, want)`; engines override
    what differs (how a host function is reached, cold start, the loop limit)."""

    def warm(self):
        return self.run(CODE_PRINT, "1")

    def warm100ms(self):
        time.sleep(0.1)  # an agent's runs are a model turn apart; not timed
        return self.run(CODE_PRINT, "1")

    def calls100(self):
        return self.run(calls_code("call_tool('noop', x=i)"), "4950")

    def calls0(self):
        return self.run(CODE_CALLS0, "4950")

    def cpu(self):
        return self.run(CODE_CPU, CPU_OUT)

    def close(self):
        pass


class HyperlightCodeAct(Engine):
    def __init__(self, fresh: bool):
        self.name = "hyperlight-codeact" if fresh else "hlc-reuse-vm"
        self.fresh = fresh
        self.sb = None

    def _new(self):
        from hyperlight_codeact import Sandbox

        isolation = "fresh_vm" if self.fresh else "reuse_vm_trusted"
        return Sandbox(tools=[noop], timeout_seconds=1.0, isolation=isolation)

    def cold(self):
        self.sb = None
        gc.collect()

        def go():
            sb = self._new()
            return sb, sb.run(CODE_PRINT)

        dt, (sb, r) = timed(go)
        check(r.stdout, "1")
        self.sb = sb
        return dt

    def _ensure(self):
        if self.sb is None:
            self.sb = self._new()
            self.sb.run(CODE_PRINT)

    def run(self, code, want):
        self._ensure()
        dt, r = timed(lambda: self.sb.run(code))
        check(r.stdout, want)
        return dt

    def loop1s(self):
        from hyperlight_codeact import ExecutionTimeout

        self._ensure()
        t = time.perf_counter()
        try:
            r = self.sb.run(CODE_LOOP)
        except ExecutionTimeout:
            dt = time.perf_counter() - t
        else:
            raise AssertionError(f"loop returned {r!r}")
        check(self.sb.run(CODE_PRINT).stdout, "1")  # the sandbox is still usable
        return dt

    def close(self):
        self.sb = None


class PydanticMonty(Engine):
    """pydantic-monty: a pool of `monty` worker processes, one REPL session checked out."""

    name = "pydantic-monty"

    def __init__(self):
        import pydantic_monty as m

        self.m = m
        self.pool = self.sess = None

    def _limits(self):
        # max_suspensions (default 1000, counted over the session) would stop calls100 at run 10.
        return self.m.ResourceLimits(max_feed_duration_secs=1.0, max_suspensions=10**9)

    def _open(self):
        pool = self.m.Monty().__enter__()
        sess = pool.checkout(limits=self._limits()).__enter__()
        return pool, sess

    def close(self):
        if self.sess is not None:
            self.sess.__exit__(None, None, None)
        if self.pool is not None:
            self.pool.__exit__(None, None, None)
        self.pool = self.sess = None

    def feed(self, code, sess=None, **kw):
        out = self.m.CollectString()
        (sess or self.sess).feed_run(code, print_callback=out, **kw)
        return out.output

    def cold(self):
        self.close()

        def go():
            pool, sess = self._open()
            return pool, sess, self.feed(CODE_PRINT, sess)

        dt, (self.pool, self.sess, out) = timed(go)
        check(out, "1")
        return dt

    def _ensure(self):
        if self.sess is None:
            self.pool, self.sess = self._open()
            self.feed(CODE_PRINT)

    def run(self, code, want, **kw):
        self._ensure()
        dt, out = timed(lambda: self.feed(code, **kw))
        check(out, want)
        return dt

    def calls100(self):
        return self.run(calls_code("noop(x=i)"), "4950", external_lookup={"noop": noop})

    def loop1s(self):
        self._ensure()
        # Monty's docs: after a time limit, discard the session; use a fresh checkout each time.
        with self.pool.checkout(limits=self._limits()) as sess:
            self.feed(CODE_PRINT, sess)
            t = time.perf_counter()
            try:
                sess.feed_run(CODE_LOOP)
            except self.m.MontyError as e:
                if "TimeoutError" not in str(e):
                    raise
                return time.perf_counter() - t
            raise AssertionError("loop returned")


class CPythonSubprocess(Engine):
    name = "cpython-subprocess"

    exe = "/usr/bin/python3"  # set from --baseline-python

    def __init__(self):
        pass

    def run(self, code, want, timeout=None):
        dt, p = timed(lambda: subprocess.run([self.exe, "-c", code], capture_output=True, text=True, timeout=timeout))
        check(p.stdout, want)
        return dt

    def cold(self):
        return self.run(CODE_PRINT, "1")

    def calls100(self):  # no host boundary: the function is local to the child
        return self.run("def noop(x=0):\n    return x\n" + calls_code("noop(x=i)"), "4950")

    def loop1s(self):  # the limit is the host's: subprocess.run(timeout=1) kills the child
        t = time.perf_counter()
        try:
            subprocess.run([self.exe, "-c", CODE_LOOP], capture_output=True, timeout=1.0)
        except subprocess.TimeoutExpired:
            return time.perf_counter() - t
        raise AssertionError("loop returned")


class CPythonExec(Engine):
    name = "cpython-exec"

    def run(self, code, want, g=None):
        import contextlib
        import io

        buf = io.StringIO()

        def go():
            with contextlib.redirect_stdout(buf):
                exec(compile(code, "<bench>", "exec"), dict(g or {}))

        dt, _ = timed(go)
        check(buf.getvalue(), want)
        return dt

    def cold(self):
        return self.run(CODE_PRINT, "1")

    def calls100(self):
        return self.run(calls_code("noop(x=i)"), "4950", {"noop": noop})

    def loop1s(self):
        raise Skip("no limit option")


class AgentFrameworkHyperlight(Engine):
    """agent-framework-hyperlight's HyperlightExecuteCodeTool (hyperlight-sandbox, wasm backend)."""

    name = "af-hyperlight"

    def __init__(self):
        self.tool = None
        self.loop = asyncio.new_event_loop()

    def _invoke(self, tool, code):
        contents = self.loop.run_until_complete(tool.invoke(arguments={"code": code}))
        return "\n".join(str(getattr(c, "text", None) or "") for c in contents)

    def _new(self):
        from agent_framework_hyperlight import HyperlightExecuteCodeTool

        return HyperlightExecuteCodeTool(tools=[noop])

    def cold(self):
        self.tool = None
        gc.collect()

        def go():
            tool = self._new()
            return tool, self._invoke(tool, CODE_PRINT)

        dt, (self.tool, out) = timed(go)
        check(out, "1")
        return dt

    def run(self, code, want):
        if self.tool is None:
            self.tool = self._new()
            self._invoke(self.tool, CODE_PRINT)
        dt, out = timed(lambda: self._invoke(self.tool, code))
        check(out, want)
        return dt

    def loop1s(self):
        raise Skip("no limit option")

    def close(self):
        self.tool = None


ENGINES = {
    "hyperlight-codeact": lambda: HyperlightCodeAct(True),
    "hlc-reuse-vm": lambda: HyperlightCodeAct(False),
    "pydantic-monty": PydanticMonty,
    "af-hyperlight": AgentFrameworkHyperlight,
    "cpython-subprocess": CPythonSubprocess,
    "cpython-exec": CPythonExec,
}
IN_CHILD = {"af-hyperlight"}  # may crash the process or fail: measured in a child process


# ------------------------------------------------------------------------------ measurement
def summarize(samples):
    s = sorted(samples)
    p90 = s[min(len(s) - 1, max(0, int(round(0.9 * len(s))) - 1))]
    return {"median": statistics.median(s), "p90": p90, "min": s[0], "n": len(s), "samples": s}


def measure_engine(name, runs, cold_runs, loop_runs):
    res = {}
    try:
        eng = ENGINES[name]()
    except Exception as e:  # noqa: BLE001
        return {op: {"error": f"{type(e).__name__}: {e}"} for op in OPS}
    counts = {
        "cold": cold_runs,
        "warm": runs,
        "warm100ms": runs,
        "calls100": runs,
        "calls0": runs,
        "cpu": runs,
        "loop1s": loop_runs,
    }
    for op in MEASURED:
        samples = []
        t0 = time.perf_counter()
        try:
            getattr(eng, op)()  # warm-up (for cold: also the first sandbox of the process)
            for _ in range(counts[op]):
                samples.append(getattr(eng, op)())
            res[op] = summarize(samples)
        except Skip as e:
            res[op] = {"note": str(e)}
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, KeyboardInterrupt):
                raise
            res[op] = {"error": f"{type(e).__name__}: {e}", "after_s": time.perf_counter() - t0}
    eng.close()
    if "median" in res.get("calls0", {}) and "median" in res.get("calls100", {}):
        res["per_call_us"] = (res["calls100"]["median"] - res["calls0"]["median"]) / 100 * 1e6
    if name == "cpython-subprocess":  # a local call in the child, below process-start noise
        res["per_call_us_raw"] = res.pop("per_call_us", None)
    return res


def run_child(args_list, hard_kill):
    """Runs a child in its own process group; kills the group after hard_kill seconds."""
    t = time.perf_counter()
    p = subprocess.Popen(args_list, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=hard_kill)
        return time.perf_counter() - t, p.returncode, out, err, False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # our child's group (monty spawns worker processes)
        out, err = p.communicate()
        return time.perf_counter() - t, p.returncode, out, err, True


NO_LIMIT_PROGRAMS = {
    # Engines with no limit option: does an infinite loop ever return?
    "cpython-exec": "exec(compile(%r, '<bench>', 'exec'), {})" % CODE_LOOP,
    "pydantic-monty": (
        "import pydantic_monty as m\nwith m.Monty() as pool, pool.checkout() as s:\n    s.feed_run(%r)\n" % CODE_LOOP
    ),
    "af-hyperlight": (
        "import asyncio\n"
        "from agent_framework_hyperlight import HyperlightExecuteCodeTool\n"
        "print(asyncio.run(HyperlightExecuteCodeTool().invoke(arguments={'code': %r})))\n" % CODE_LOOP
    ),
}


def no_limit_case(name, hard_kill):
    dt, rc, out, err, killed = run_child([sys.executable, "-c", NO_LIMIT_PROGRAMS[name]], hard_kill)
    if killed:
        what = "no limit set (default)" if name == "pydantic-monty" else "no limit option"
        return {"note": f"{what}: never returns (killed after {hard_kill:g} s)", "killed": True}
    last = (err.strip().splitlines() or [""])[-1]
    return {"note": f"returned after {dt:.2f} s, rc={rc}: {last[:300]}", "killed": False, "after_s": dt}


def machine_info():
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": sys.version.split()[0]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["kvm_pvm"] = Path("/sys/module/kvm_pvm").exists()
    info["dev_kvm"] = Path("/dev/kvm").exists()
    exe = CPythonSubprocess.exe
    if exe:
        info["baseline_python3"] = (
            exe
            + " "
            + subprocess.run(
                [exe, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True
            ).stdout.strip()
        )
    from importlib import metadata

    vers = {}
    for pkg in [
        "hyperlight-codeact",
        "pydantic-monty",
        "agent-framework-hyperlight",
        "hyperlight-sandbox",
        "hyperlight-sandbox-backend-wasm",
        "agent-framework-core",
    ]:
        try:
            vers[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            vers[pkg] = None
    info["packages"] = vers
    try:
        import hyperlight_codeact

        info["hyperlight_codeact_path"] = hyperlight_codeact.__file__
    except Exception:  # noqa: BLE001
        pass
    return info


# ---------------------------------------------------------------------------------- output
def fmt_t(s):
    if s is None:
        return "-"
    if s < 1e-3:
        return f"{s * 1e6:.0f}us"
    if s < 1:
        return f"{s * 1e3:.2f}ms" if s < 0.01 else f"{s * 1e3:.1f}ms"
    return f"{s:.2f}s"


def cell(r):
    if r is None:
        return "-"
    if "median" in r:
        return fmt_t(r["median"])
    if "error" in r:
        return "FAIL"
    if r.get("killed"):
        return "never"
    return "n/a"


def med(results, eng, op):
    r = results.get(eng, {}).get(op, {})
    return r.get("median")


def print_tables(results, engines):
    w = 20
    head = "engine".ljust(w) + "".join(OP_LABEL[o][:14].rjust(15) for o in OPS) + "   per-call"
    print("\nMedians (p90 in JSON)")
    print(head)
    for e in engines:
        pc = results[e].get("per_call_us")
        print(
            e.ljust(w)
            + "".join(cell(results[e].get(o)).rjust(15) for o in OPS)
            + ("   " + (f"{pc:.1f}us" if pc is not None else "-"))
        )
    for base in ("cpython-subprocess", "hyperlight-codeact"):
        if base not in results:  # not among the --engines measured
            continue
        print(f"\nRatio to {base} (x; >1 = slower than {base})")
        print(head)
        for e in engines:
            row = []
            for o in OPS:
                a, b = med(results, e, o), med(results, base, o)
                row.append(f"{a / b:.3g}x" if a is not None and b else cell(results[e].get(o)))
            pa, pb = results[e].get("per_call_us"), results[base].get("per_call_us")
            pc = f"{pa / pb:.3g}x" if pa is not None and pb and pb > 0 else "-"
            print(e.ljust(w) + "".join(x.rjust(15) for x in row) + "   " + pc)
    print("\nNotes / failures:")
    for e in engines:
        seen = set()
        keys = OPS + ["loop_no_limit"]
        for o in keys:
            r = results[e].get(o, {})
            msg = r.get("error") or r.get("note")
            if msg and msg not in seen:
                seen.add(msg)
                ops = [
                    x for x in keys if msg in (results[e].get(x, {}).get("error"), results[e].get(x, {}).get("note"))
                ]
                print(f"  {e} / {','.join(ops)}: {msg}")


def chart(results, engines, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(12, 5.5))
    width = 0.8 / len(engines)
    for i, e in enumerate(engines):
        xs, ys, errs = [], [], []
        for j, o in enumerate(OPS):
            r = results[e].get(o, {})
            x = j + (i - (len(engines) - 1) / 2) * width
            if "median" in r:
                xs.append(x)
                ys.append(r["median"] * 1e3)
                errs.append(max(0.0, (r["p90"] - r["median"]) * 1e3))
            else:
                failed = "error" in r or "error" in results[e].get("cold", {})
                label = "FAIL" if failed else ("never" if r.get("killed") else "n/a")
                ax.text(x, 0.0012, label, rotation=90, ha="center", va="bottom", fontsize=7)
        ax.bar(xs, ys, width, label=e, yerr=[[0] * len(errs), errs], capsize=2, color=f"C{i}")
    ax.set_yscale("log")
    ax.set_ylim(bottom=0.001)
    ax.set_xticks(range(len(OPS)))
    ax.set_xticklabels([OP_LABEL[o] for o in OPS])
    ax.set_ylabel("median ms (log; whisker = p90)")
    ax.set_title("hyperlight-codeact vs peers (lower is better)")
    ax.legend(fontsize=8, ncol=3)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


# ------------------------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--cold-runs", type=int, default=5)
    ap.add_argument("--loop-runs", type=int, default=3)
    ap.add_argument("--hard-kill", type=float, default=5.0, help="kill a no-limit loop after this many s")
    ap.add_argument("--out", default="/tmp")
    ap.add_argument(
        "--baseline-python",
        default="/usr/bin/python3"
        if os.path.exists("/usr/bin/python3")
        else (shutil.which("python3") or sys.executable),
        help="interpreter for the cpython-subprocess baseline (not a pyenv shim)",
    )
    ap.add_argument("--engines", default=",".join(ENGINES), help="comma-separated subset")
    ap.add_argument("--child", help=argparse.SUPPRESS)  # internal: measure one engine, print JSON
    a = ap.parse_args()
    CPythonSubprocess.exe = a.baseline_python

    if a.child:
        print("@@JSON@@" + json.dumps(measure_engine(a.child, a.runs, a.cold_runs, a.loop_runs)))
        return

    engines = [e for e in a.engines.split(",") if e]
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for e in engines:
        print(f"measuring {e} ...", file=sys.stderr, flush=True)
        if e in IN_CHILD:
            cmd = [
                sys.executable,
                __file__,
                "--child",
                e,
                "--runs",
                str(a.runs),
                "--cold-runs",
                str(a.cold_runs),
                "--loop-runs",
                str(a.loop_runs),
            ]
            budget = 120 + a.runs * 10
            dt, rc, so, se, killed = run_child(cmd, budget)
            if "@@JSON@@" in so:
                results[e] = json.loads(so.split("@@JSON@@", 1)[1])
            else:
                msg = f"child killed after {budget}s" if killed else f"child rc={rc}: {se.strip()[-500:]}"
                results[e] = {op: {"error": msg} for op in OPS}
            results[e]["child_stderr_tail"] = se.strip()[-2000:]
        else:
            try:
                results[e] = measure_engine(e, a.runs, a.cold_runs, a.loop_runs)
            except ImportError as exc:
                # Peers are optional: `pip install pydantic-monty agent-framework-hyperlight`.
                results[e] = {op: {"error": f"not installed: {exc}"} for op in OPS}
        if e in NO_LIMIT_PROGRAMS:
            nl = no_limit_case(e, a.hard_kill)
            results[e]["loop_no_limit"] = nl
            if "median" not in results[e].get("loop1s", {}) and "error" not in results[e].get("loop1s", {}):
                results[e]["loop1s"] = nl
    # The recorded failure of af-hyperlight: the first error it raised, and when.
    af = results.get("af-hyperlight")
    if af and "error" in af.get("cold", {}):
        print(
            f"\naf-hyperlight failure (cold start, after {af['cold'].get('after_s', float('nan')):.3f} s): "
            f"{af['cold']['error']}",
            file=sys.stderr,
        )

    doc = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "argv": sys.argv,
        "machine": machine_info(),
        "config": {"runs": a.runs, "cold_runs": a.cold_runs, "loop_runs": a.loop_runs, "hard_kill_s": a.hard_kill},
        "codes": {
            "warm": CODE_PRINT,
            "calls100": calls_code("call_tool('noop', x=i)"),
            "cpu": CODE_CPU,
            "loop": CODE_LOOP,
        },
        "notes": {
            "hyperlight-codeact": "default isolation: every run in a fresh VM (restored and warmed in the background); timeout_seconds=1.0",
            "hlc-reuse-vm": "isolation='reuse_vm_trusted': one VM, interpreter reset between runs",
            "pydantic-monty": "Monty() pool of worker processes + one checked-out REPL session "
            "(state persists across feeds); limit max_feed_duration_secs=1.0",
            "cpython-subprocess": "python3 -c CODE per operation; calls100 calls a local function "
            "(no host boundary); loop limit = subprocess timeout=1 + kill",
            "cpython-exec": "exec() in this process; no isolation, no limit option",
            "af-hyperlight": "HyperlightExecuteCodeTool.invoke() in a child process; no limit option",
        },
        "results": results,
    }
    (out / "compare.json").write_text(json.dumps(doc, indent=1))
    print_tables(results, engines)
    try:
        chart(results, engines, out / "compare.png")
    except Exception as e:  # noqa: BLE001
        print(f"chart failed: {type(e).__name__}: {e}", file=sys.stderr)
    m = doc["machine"]
    print(
        f"\nmachine: {m.get('nproc')} cpus, {m.get('cpu_model')}, kernel {m.get('kernel')}, kvm_pvm={m.get('kvm_pvm')}"
    )
    print(f"wrote {out / 'compare.json'} and {out / 'compare.png'}")


if __name__ == "__main__":
    main()
