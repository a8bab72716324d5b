"""Soak: many runs with tool calls in one process; RSS and open file descriptors must stay flat.

    .venv/bin/python benches/soak.py [--runs 10000] [--threads 1] [--every 1000]

One `Sandbox` with Python tools (a sync one and an `async def` one); each run calls them a few
times, builds some data and prints. With `--threads N` the runs are spread over N threads
sharing the sandbox (its pool then holds up to N VMs). RSS (/proc/self/status VmRSS) and open
fds (/proc/self/fd) are printed at the start (after the sandbox exists and one warm-up run per
thread), every `--every` runs, and at the end, with growth against the start. Exit status 1
when RSS grew by 5% or more, or the fd count grew.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time

from hyperlight_codeact import Sandbox

CODE = """
total = 0
for i in range(4):
    row = call_tool('lookup', key='k%d' % (n + i))
    total += row['value']
rate = call_tool('rate', region='EU')
data = {'n': n, 'total': total, 'rate': rate, 'items': [str(i) * 3 for i in range(50)]}
print(n, total, rate, len(data['items']))
"""


def lookup(key: str) -> dict[str, object]:
    return {"key": key, "value": len(key), "tags": ["a", "b"]}


async def rate(region: str) -> float:
    await asyncio.sleep(0)
    return 0.21 if region == "EU" else 0.1


def rss_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=10_000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--every", type=int, default=1000)
    args = p.parse_args()

    sb = Sandbox([lookup, rate], pool_size=args.threads)

    def one(n: int) -> None:
        r = sb.run(f"n = {n}\n" + CODE)
        expected = f"{n} {sum(len('k%d' % (n + i)) for i in range(4))} 0.21 50\n"
        if not r.success or r.stdout != expected or len(r.tool_calls) != 5:
            raise SystemExit(f"run {n} went wrong: {r!r}")

    # Warm-up: every VM the pool will use exists and has run once.
    warm = [threading.Thread(target=one, args=(-1,)) for _ in range(args.threads)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()

    rss0, fds0 = rss_kib(), open_fds()
    print(f"hyperlight-codeact soak: {args.runs:,} runs, {args.threads} thread(s), 5 tool calls per run")
    print(f"{'runs':>8} {'RSS KiB':>10} {'RSS growth':>11} {'fds':>5} {'fd growth':>10} {'runs/s':>8}")
    print(f"{'start':>8} {rss0:>10,} {'':>11} {fds0:>5} {'':>10} {'':>8}")

    done = 0
    lock = threading.Lock()
    report_at = args.every
    start = time.monotonic()
    failures: list[BaseException] = []

    def report(runs: int) -> None:
        rss, fds = rss_kib(), open_fds()
        rate_ = runs / (time.monotonic() - start)
        print(f"{runs:>8,} {rss:>10,} {(rss - rss0) / rss0:>+11.2%} {fds:>5} {fds - fds0:>+10} {rate_:>8,.0f}")
        sys.stdout.flush()

    def worker() -> None:
        nonlocal done, report_at
        while True:
            with lock:
                if done >= args.runs or failures:
                    return
                n = done
                done += 1
            try:
                one(n)
            except BaseException as e:  # noqa: BLE001 - reported by main
                failures.append(e)
                return
            with lock:
                # Reported by whichever thread passes the mark (approximate under threads).
                if n + 1 >= report_at:
                    report_at += args.every
                    report(n + 1)

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        print(f"FAILED: {failures[0]}")
        return 1
    elapsed = time.monotonic() - start
    rss1, fds1 = rss_kib(), open_fds()
    growth = (rss1 - rss0) / rss0
    print(f"{'end':>8} {rss1:>10,} {growth:>+11.2%} {fds1:>5} {fds1 - fds0:>+10} {args.runs / elapsed:>8,.0f}")
    ok = growth < 0.05 and fds1 <= fds0
    print(
        f"RSS {rss0:,} -> {rss1:,} KiB ({growth:+.2%}, limit +5%); fds {fds0} -> {fds1}; "
        f"{args.runs:,} runs in {elapsed:.1f} s, VMs {sb.vms_created}: {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
