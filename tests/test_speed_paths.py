"""The interpreter hot paths of issue 14 against this CPython: the qstr index
(guest/c/hlc_qstrindex.c), vstr growth and the gc's run hints (patches 0080-0082),
datetime.strptime's C scan (guest/c/hlc_datetime.c), Counter's count (guest/c/hlc_collections.c)
and the fast paths in guest/frozen (statistics, decimal, datetime). Each snippet runs in a real
micro-VM and under CPython and must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox

SNIPPETS: dict[str, str] = {
    # str made by slicing/joining that equal interned names (qstr lookup through the static-pool
    # index), strings past the qstr length limit
    "qstr": r"""
names = ["print", "len", "__init__", "append", "x", "", "a" * 255, "a" * 256, "b" * 300, "caf\u00e9", "strptime", "_hlc_datetime", "zzz_not_a_name"]
s = "".join(names)
pos = 0
for n in names:
    t = s[pos:pos + len(n)]
    pos += len(n)
    print(repr(t[:20]), len(t), t == n, hash(t) == hash(n), t in names)
d = {}
for n in names:
    d["".join(list(n))] = len(n)
print(sorted(d.items())[:5], len(d))
class C: pass
c = C()
for i, n in enumerate(["append", "keys", "zz%d" % 7, "q" * 200]):
    setattr(c, "".join(n), i)
    print(getattr(c, n), hasattr(c, n[:-1] + "!"))
print(getattr(c, "q" * 200))
""",
    # long strings built by join, StringIO, f-strings, += and format padding (geometric vstr growth)
    "vstr": r"""
import io
parts = ["%d:%s" % (i, "\u00e9" * (i % 5)) for i in range(20000)]
big = ",".join(parts)
print(len(big), big[:50], big[-50:], hash(big) == hash(",".join(parts)))
b = io.StringIO()
for p in parts:
    b.write(p)
    b.write("\n")
v = b.getvalue()
print(len(v), v.count("\n"), v[-30:])
f = "".join(f"{i:>8}|{i / 3:.4f}|{str(i)!r}" for i in range(5000))
print(len(f), f[:60], f[-60:])
s = ""
for i in range(3000):
    s += str(i)
print(len(s), s[-20:])
print(len(repr(parts)), repr(parts)[-40:])
print(len(b"-".join(p.encode() for p in parts)), bytes(range(256)) * 3 == bytes(list(range(256)) * 3))
print("{:>30000}".format("x")[-5:], len("{:>30000}".format("x")))
""",
    # many allocations of mixed sizes with frees and collections in between (the gc run hints): contents stay intact
    "gc_mix": r"""
import gc
keep = []
for round_ in range(6):
    tmp = []
    for i in range(4000):
        n = (i * 7919 + round_) % 23
        obj = [i] * n if i % 3 else ("x%d" % i) * (n + 1)
        tmp.append(obj)
        if i % 5 == 0:
            keep.append(obj)
    del tmp[::2]
    if round_ % 2:
        gc.collect()
    tmp2 = [bytearray(k % 40 + 1) for k in range(3000)]
    for k in range(0, 3000, 3):
        tmp2[k].extend(b"y" * 50)
ok = all((isinstance(o, list) and all(x == o[0] for x in o)) or isinstance(o, str) for o in keep)
print(len(keep), ok, sum(len(o) for o in keep))
d = {}
for i in range(20000):
    d[i] = list(range(i % 17))
    if i % 3 == 0:
        del d[i // 2]
print(len(d), sum(len(v) for v in d.values()))
l = []
for i in range(10000):
    l.append("%d" % i)
    if i % 1000 == 999:
        l = l[::2]
print(len(l), l[:3], l[-3:])
""",
    # statistics on floats (the as_integer_ratio fast path of _exact), ints, bools, Fractions, subnormals
    "statistics": r"""
import statistics as st
from fractions import Fraction
data = [r % 1000 / 8 for r in range(5000)]
print(st.mean(data), st.stdev(data), st.variance(data), st.median(data), st.pstdev(data), st.pvariance(data))
for xs in ([1.5, 2.25, -3.125], [0.1, 0.2, 0.3], [5e-324, 1e-310, 2.5], [2.0**70, 1.0, 3.5],
           [-0.0, 0.0], [1, 2.5, 3], [True, 2.5], [float("inf"), 1.0]):
    for f in (st.mean, st.fmean, st.median, st.stdev, st.variance, st.pstdev) if xs[0] != float("inf") else (st.mean, st.median):
        try:
            print(f.__name__, repr(f(xs)))
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
print(st.mean([Fraction(1, 3), Fraction(2, 3)]), st.mean([1, 2, 4]), st.variance([1, 2, 4]))
print(st.mean([1.5, 2, True]), st.stdev([10**20, 1.5, -2]), st.median_low([3.5, 1.25, 2]))
""",
    # Decimal parsing and the _fix precision fast path, with changed precisions
    "decimal": r"""
from decimal import Decimal, localcontext, getcontext, InvalidOperation
for s in ["1.07", "  12.50 ", "-0.000", "1_000.5", "1e3", "-2.5E-3", "0", "007", "+3.", ".5", "123456789012345678901234567890.5",
          "1" * 40, "abc", "", "1.2.3", "1e", "--1", "1 2"]:
    try:
        d = Decimal(s)
        print(repr(s), repr(d), str(d * Decimal("1.07")), str(d + Decimal("0.01")))
    except Exception as e:
        print(repr(s), type(e).__name__)
t = Decimal(0)
for i in range(2000):
    t += Decimal("%d.%02d" % (i % 1000, i % 100)) * Decimal("1.07")
print(t)
with localcontext() as c:
    c.prec = 5
    print(Decimal("1.23456789") * 1, Decimal("99999") + 1, Decimal(2) / 3, Decimal("12345") * Decimal("1.0"))
    c.prec = 1
    print(Decimal(7) * 3, Decimal(9) + 1)
print(getcontext().prec, Decimal(1) / 7, Decimal(10) ** 30 if hasattr(Decimal, "__pow__") else "", Decimal("9" * 28) + 1, Decimal("9" * 29) * 1)
print(Decimal(1.1), Decimal(12), Decimal(True), Decimal(Decimal("3.30")))
""",
    # strptime through the C scan and the Python fallback (errors, unconverted data, non-ASCII),
    # timedelta with int and float components, naive and aware comparisons
    "datetime": r"""
from datetime import datetime, timedelta, timezone, date
cases = [("2024-03-05 12:34:56", "%Y-%m-%d %H:%M:%S"), ("2024-3-5 1:2:3", "%Y-%m-%d %H:%M:%S"), ("24/03/05", "%y/%m/%d"),
         ("70/01/01", "%y/%m/%d"), ("2024-03-05T12:34:56.123", "%Y-%m-%dT%H:%M:%S.%f"), ("2024 065", "%Y %j"),
         ("2024-13-05", "%Y-%m-%d"), ("2024-02-30", "%Y-%m-%d"), ("2024-03-05 extra", "%Y-%m-%d"), ("2024-03-05", "%Y-%m-%d %H"),
         ("  2024-03-05", " %Y-%m-%d"), ("2024-03-05   10", "%Y-%m-%d %H"), ("2024-03-0510", "%Y-%m-%d%H"), ("100%", "%d%%"),
         ("05 Mar 2024", "%d %b %Y"), ("12 PM", "%I %p"), ("5 7", "%-d %-m"), ("2024 1 53", "%Y %U %W"), ("23:59", "%H:%M"), ("2024-03-05 +0130", "%Y-%m-%d %z"),
         ("2024-03-05 12:34:61", "%Y-%m-%d %H:%M:%S"), ("203-01-01", "%Y-%m-%d"), ("2024-03-05\u00e9", "%Y-%m-%d\u00e9"),
         ("x", "%Q"), ("12.5", "%S.%f"), ("12.1234567", "%S.%f"), ("9999", "%Y"),
         ("0000", "%Y"), ("2024\t03", "%Y %m"), ("", ""), ("a", "a"), ("ab", "a")]
for s, f in cases:
    try:
        print(repr(s), repr(f), repr(datetime.strptime(s, f)))
    except Exception as e:
        print(repr(s), repr(f), type(e).__name__, e)
for kw in [dict(days=1, hours=3), dict(weeks=-2, minutes=90, seconds=-1), dict(days=1.5), dict(microseconds=10**12),
           dict(hours=True), dict(milliseconds=-1), dict(days=999999999), dict(days=1000000000), dict(seconds="1"), dict(days="1", seconds=[]), dict(weeks=1.5, hours="x"),
           dict(days=0.1, seconds=0.2, microseconds=0.3), dict(weeks=1e-7, days=-0.3, minutes=0.7), dict(hours=-1.5, seconds=0.5000001)]:
    try:
        t = timedelta(**kw)
        print(kw, repr(t), t.days, t.seconds, t.microseconds, str(t))
    except Exception as e:
        print(kw, type(e).__name__, e)
a, b = datetime(2024, 1, 1), datetime(2024, 1, 1, 0, 0, 0, 1)
print(a < b, a > b, a <= a, a >= b, max(b, a), min(a, b), a == b)
u = datetime(2024, 1, 1, tzinfo=timezone.utc)
try:
    print(a < u)
except TypeError as e:
    print("TypeError", e)
print(u < datetime(2024, 1, 1, 1, tzinfo=timezone(timedelta(hours=2))))
class D(datetime): pass
print(D(2024, 1, 2) > a, a < D(2024, 1, 2), type(D(2024, 1, 2) + timedelta(1)).__name__)
print(datetime(2024, 1, 1) + timedelta(days=1, hours=3), datetime(2024, 12, 31, 23) + timedelta(hours=1))
try:
    datetime(2024, 1, 1.0)
except TypeError as e:
    print("TypeError", e)
print(datetime(True, 1, 1), datetime(2024, 1, 1, hour=False))
""",
    # Counter counting through _hlc_collections.count_elements (c/hlc_collections.c) and the Python loop (subclasses)
    "counter": r"""
from collections import Counter
words = " ".join(("alpha", "beta", "gamma", "delta", "w%d" % (i % 500))[i % 5] for i in range(20000)).split()
c = Counter(words)
print(c.most_common(7), len(c), c["alpha"], c["nope"], list(c)[:6])
c.update(words[:100])
c.update("abracadabra")
c.update({"alpha": 5, "zz": -2})
c.update(iter([1, 2, 2, (3, 4), None, 2.0, True]))
print(c.most_common(4), c[2], c[1], c[True], c[(3, 4)], c[None], sorted(c.items(), key=repr)[:8])
try:
    Counter([[1], 2])
except TypeError as e:
    print("TypeError", e)
c2 = Counter()
c2["x"] = 2 ** 70
c2.update(["x", "y", "x"])
print(c2, Counter("mississippi"), Counter(), Counter(a=3, b=1), Counter("ab", b=5))
class MyC(Counter):
    pass
print(sorted(MyC("aab").items()), MyC(words).most_common(3) == Counter(words).most_common(3))
c3 = Counter({"a": 1.5})
c3.update("aa")
print(c3, Counter(range(5)) + Counter(range(3)), Counter("aab") - Counter("a"))
""",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_cpython(name: str, sandbox: Sandbox) -> None:
    assert_matches_cpython(sandbox, SNIPPETS[name])
