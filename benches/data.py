#!/usr/bin/env python3
"""Python on data: the guest against CPython on the workloads of issue 14, in one run.

Each workload is a setup (not timed) and a body; the body is timed inside the interpreter that
runs it (time.perf_counter: the guest's clock in the micro-VM, CPython's in-process `exec`),
best of --repeat, at N and 4N (N = 8,000 records / 40,000 chars). The table gives guest ms,
CPython ms, their ratio, each engine's growth from N to 4N (linear is 4x), and the geometric
mean of the ratios.

    .venv/bin/python benches/data.py [--repeat 2] [--scale 1] [--only json_loads,str_index] [--out /tmp]

Writes data.json and data.md to --out.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

# Setup of every workload: `N` is the number of records (8,000 at scale 1).
COMMON = r"""
import json
N = __N__
records = [{"id": i, "name": "user%d" % i, "score": i % 1000 / 8, "ok": i % 3 == 0,
            "tags": ["t%d" % (i % 7)], "note": "caf\u00e9" if i % 50 == 0 else None} for i in range(N)]
"""

# name -> (setup, body, check): the body's result is bound to `out`; `check` is an expression
# over `out` printed by both interpreters (they must agree).
WORKLOADS = {
    "json_loads": (
        "doc = json.dumps(records)\n",
        "out = json.loads(doc)\n",
        "len(out), out[-1]['name'], len(doc)",
    ),
    "json_dumps_indent2": (
        "",
        "out = json.dumps(records, indent=2)\n",
        "len(out)",
    ),
    "json_dumps_compact": (
        "",
        "out = json.dumps(records)\n",
        "len(out)",
    ),
    "str_index_ascii": (
        "s = ''.join(chr(97 + i % 26) for i in range(5 * N))\n",
        "n = 0\nfor i in range(len(s)):\n    if s[i] == 'a':\n        n += 1\nout = n\n",
        "out",
    ),
    "str_index_unicode": (
        "s = ''.join(chr(97 + i % 26) if i % 5 else '\u00e9\u2603'[i % 2] for i in range(5 * N))\n",
        "n = 0\nfor i in range(len(s)):\n    if s[i] == 'a':\n        n += 1\nout = n\n",
        "out",
    ),
    "str_slice_unicode": (
        "s = ''.join(chr(97 + i % 26) if i % 5 else '\u00e9' for i in range(5 * N))\n",
        "n = 0\nfor i in range(0, len(s) - 8, 4):\n    n += len(s[i:i + 8])\nout = n\n",
        "out",
    ),
    "re_findall_log": (
        "import re\nlog = '\\n'.join('2024-03-%02d 12:%02d:%02d INFO user=%d action=%s ip=10.0.%d.%d'"
        " % (1 + i % 28, i % 60, i % 59, i, ('login', 'logout', 'view')[i % 3], i % 256, i % 200)"
        " for i in range(N))\n",
        "out = re.findall(r'user=(\\d+) action=(\\w+)', log)\n",
        "len(out), out[-1]",
    ),
    "re_sub_func": (
        "import re\ntext = ' '.join('item%d costs %d.%02d' % (i, i % 90, i % 100) for i in range(N))\n",
        "out = re.sub(r'\\d+', lambda m: str(int(m.group()) * 2), text)\n",
        "len(out), out[-30:]",
    ),
    "decimal_sum": (
        "from decimal import Decimal\nvals = ['%d.%02d' % (i % 1000, i % 100) for i in range(N)]\n",
        "t = Decimal(0)\nfor v in vals:\n    t += Decimal(v) * Decimal('1.07')\nout = str(t)\n",
        "out",
    ),
    "datetime_strptime": (
        "from datetime import datetime, timedelta\n"
        "stamps = ['2024-%02d-%02d %02d:%02d:%02d' % (1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 59)"
        " for i in range(N)]\n",
        "out = max(datetime.strptime(t, '%Y-%m-%d %H:%M:%S') + timedelta(days=1, hours=3) for t in stamps)\n",
        "str(out)",
    ),
    "counter_words": (
        "from collections import Counter\n"
        "words = ' '.join(('alpha', 'beta', 'gamma', 'delta', 'w%d' % (i % 500))[i % 5] for i in range(5 * N)).split()\n",
        "out = Counter(words).most_common(5)\n",
        "out",
    ),
    "fstring_format": (
        "",
        "out = [f\"{r['id']:>6} {r['name']:<10} {r['score']:10.2f} {r['ok']!r:>5} {r['id'] / 7:.3e}\" for r in records]\n",
        "len(out), out[-1]",
    ),
    "statistics": (
        "import statistics\nxs = [r['score'] for r in records]\n",
        "out = (statistics.mean(xs), statistics.stdev(xs), statistics.median(xs))\n",
        "[round(v, 6) for v in out]",
    ),
    "sort_dicts": (
        "",
        "out = sorted(records, key=lambda r: (r['tags'][0], -r['score']))\n",
        "out[0]['id'], out[-1]['id']",
    ),
}


def program(name: str, n: int, repeat: int) -> str:
    setup, body, check = WORKLOADS[name]
    return (
        COMMON.replace("__N__", str(n))
        + setup
        + "import time as _t\n_best = None\n"
        + "for _r in range(%d):\n" % repeat
        + "    _t0 = _t.perf_counter()\n"
        + "".join("    " + line + "\n" for line in body.splitlines())
        + "    _dt = _t.perf_counter() - _t0\n"
        + "    _best = _dt if _best is None or _dt < _best else _best\n"
        + "print('@@', _best * 1000.0, repr((%s,)))\n" % check
    )


def parse(stdout: str) -> tuple[float, str]:
    for line in stdout.splitlines():
        if line.startswith("@@ "):
            _, ms, check = line.split(" ", 2)
            return float(ms), check
    raise RuntimeError("no result line in %r" % stdout[-500:])


def run_cpython(code: str) -> tuple[float, str]:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(compile(code, "<data>", "exec"), {"__name__": "__data__"})
    return parse(buf.getvalue())


def run_guest(sandbox, code: str) -> tuple[float | None, str]:
    try:
        r = sandbox.run(code)
    except Exception as e:  # ExecutionTimeout: recorded, the table shows "-"
        return None, "%s: %s" % (type(e).__name__, str(e)[:150])
    if not r.success:
        return None, (r.error or "failed")[:200]
    return parse(r.stdout)


def geomean(xs: list[float]) -> float:
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def agreement(row: dict) -> str:
    """yes: both interpreters printed the same check at N and 4N; NO: they differed; else why not."""
    seen = [row[k]["agree"] for k in ("n", "4n")]
    if False in seen:
        return "NO"
    if None in seen:
        return "guest failed at " + ", ".join(k.upper() for k in ("n", "4n") if row[k]["agree"] is None)
    return "yes"


def fmt(x: float | None, spec: str = ".1f") -> str:
    return "-" if x is None or x != x else format(x, spec)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--scale", type=float, default=1.0, help="N = 8000 * scale")
    ap.add_argument("--only", default="", help="comma-separated workload names")
    ap.add_argument("--timeout", type=float, default=120.0, help="guest run limit in s")
    ap.add_argument("--out", default="/tmp")
    a = ap.parse_args()
    names = [n for n in a.only.split(",") if n] or list(WORKLOADS)
    for n in names:
        if n not in WORKLOADS:
            ap.error("unknown workload %r (have %s)" % (n, ", ".join(WORKLOADS)))

    from hyperlight_codeact import Sandbox

    sandbox = Sandbox(timeout_seconds=a.timeout, memory_mb=512, max_output_bytes=1 << 20)
    base = int(8000 * a.scale)
    rows = []
    for name in names:
        row = {"workload": name}
        for label, n in (("n", base), ("4n", 4 * base)):
            code = program(name, n, a.repeat)
            cms, ccheck = run_cpython(code)
            t = time.perf_counter()
            gms, gcheck = run_guest(sandbox, code)
            wall = time.perf_counter() - t
            agree = None if gms is None else gcheck == ccheck  # None: the guest run failed
            row[label] = {
                "guest_ms": gms,
                "cpython_ms": cms,
                "guest_wall_s": round(wall, 3),
                "agree": agree,
                "guest_check": gcheck,
                "cpython_check": ccheck,
            }
            print(
                "  %-20s %-3s guest %s ms  cpython %.2f ms%s"
                % (
                    name,
                    label,
                    fmt(gms, ".2f"),
                    cms,
                    ""
                    if agree
                    else "  FAILED %s" % gcheck[:100]
                    if agree is None
                    else "  MISMATCH %s vs %s" % (gcheck[:80], ccheck[:80]),
                ),
                file=sys.stderr,
                flush=True,
            )
        g, c, g4, c4 = row["n"]["guest_ms"], row["n"]["cpython_ms"], row["4n"]["guest_ms"], row["4n"]["cpython_ms"]
        row["ratio"] = g / c if g is not None else None
        row["ratio_4n"] = g4 / c4 if g4 is not None else None
        row["guest_growth"] = g4 / g if g and g4 is not None else None
        row["cpython_growth"] = c4 / c
        rows.append(row)

    lines = [
        "| workload | guest ms | CPython ms | ratio | guest 4x growth | CPython 4x growth | ratio at 4N | agree |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        lines.append(
            "| %s | %s | %s | %sx | %sx | %sx | %sx | %s |"
            % (
                r["workload"],
                fmt(r["n"]["guest_ms"]),
                fmt(r["n"]["cpython_ms"], ".2f"),
                fmt(r["ratio"], ".2f"),
                fmt(r["guest_growth"], ".2f"),
                fmt(r["cpython_growth"], ".2f"),
                fmt(r["ratio_4n"], ".2f"),
                agreement(r),
            )
        )
    gm = geomean([r["ratio"] for r in rows])
    gm4 = geomean([r["ratio_4n"] for r in rows])
    lines.append("")
    lines.append("Geometric mean of guest/CPython: %s at N=%d, %s at 4N." % (fmt(gm, ".2f"), base, fmt(gm4, ".2f")))
    table = "\n".join(lines)
    print(table)

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    doc = {
        "bench": "data",
        "date": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        "machine": platform.machine(),
        "cpython": sys.version.split()[0],
        "n": base,
        "repeat": a.repeat,
        "rows": rows,
        "geomean_ratio": gm,
        "geomean_ratio_4n": gm4,
    }
    (out / "data.json").write_text(json.dumps(doc, indent=1))
    (out / "data.md").write_text(
        "# data bench, %s UTC (CPython %s, N=%d, best of %d)\n\n%s\n"
        % (doc["date"], doc["cpython"], base, a.repeat, table)
    )
    print("wrote %s and %s" % (out / "data.json", out / "data.md"), file=sys.stderr)


if __name__ == "__main__":
    main()
