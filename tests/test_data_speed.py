"""json (guest/c/hlc_json.c) and str indexing (guest/c/hlc_strindex.c) against this CPython on
edge cases: each snippet runs in a real micro-VM and under CPython and must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox

SNIPPETS: dict[str, str] = {
    "decode_errors": r"""
import json
bad = ['', ' ', '[', '[1,', '{', '{"a"', '{"a" 1}', '{"a":}', '{"a":1 "b":2}', '[1 2]', '"abc', '"a\\x"',
       '"\\u12"', '"\\u123', '"\\u12G4"', '"\\ud800\\u12G4"', '"\\', '"abc\\', '-', '-x', '1e', '1e+', '1.', '01', '.5',
       '[1,]', '{"a":1,}', '[1,\n ]', 'nul', 'tru', 'fals', 'NaNa', 'Inf', '-Inf', '\ufeff1', '"\x01"', '"a\tb"',
       '1 2', '[] x', '{"a": [1, {"b": nul}]}', 'é"x', '["é", x]', '"\u00e9\u2603" 1', '\n\n  [1,\n  2,,]',
       '{"k": "v\n"}', '[1e5, 1E-2, -0, 0e0, x]', '{1: 2}', "{'a': 1}", '[1]]', '{}}', '  \n{"a":\n\n  ', '[\x0b1]']
for s in bad:
    try:
        print(repr(s), "->", json.loads(s))
    except json.JSONDecodeError as e:
        print(repr(s), type(e).__name__, isinstance(e, ValueError), str(e), repr(e.msg), e.pos, e.lineno, e.colno, e.doc == s, e.args)
try: json.loads(5)
except TypeError as e: print("TypeError", e)
print(json.loads(b'[1, "\xc3\xa9"]'), json.loads(b'\xef\xbb\xbf[2]'), json.loads(bytearray(b'"x"')))
print(json.JSONDecoder(strict=False).decode('"a\tb\x01"'))
d = json.JSONDecoder()
print(d.raw_decode('[1, 2] tail'), d.raw_decode('x {"a": 1}', 2), d.raw_decode('"\u00e9\u00e9" 5', 0))
try: d.raw_decode(' [1]')
except json.JSONDecodeError as e: print(e)
""",
    "unicode_and_surrogates": r"""
import json
for doc in ['"\\u00e9\\u2603\\ud83d\\ude00"', '"\\ud800"', '"\\udc00"', '"\\ud800x"', '"\\ud800\\u0041"', '"\\ud800\\ud800\\udc00"',
            '"\\ud83d\\ude00\\ud83d"', '"caf\u00e9 \U0001F600 \\n\\t\\"\\\\\\/\\b\\f\\r"', '"\\u0000"', '"\\uFFFF\\uabcd"']:
    s = json.loads(doc)
    print([hex(ord(c)) for c in s], len(s))
strs = ["plain", "caf\u00e9", "\u2603 snow", "\U0001F600 emoji", "\x00\x01\x1f\x7f\x80\xff", "quote\"back\\slash/", "\n\r\t\b\f",
        chr(0xd800), chr(0xdfff) + "x", "\u2028\u2029", "A" * 100 + "\u00e9" * 100]
for s in strs:
    print(json.dumps(s), json.dumps(s, ensure_ascii=False).encode("utf-8", "surrogatepass").hex()[:120], json.loads(json.dumps(s)) == s,
          json.loads(json.dumps(s, ensure_ascii=False)) == s)
print(json.dumps({"\u00e9": ["\u00e9"]}), json.dumps({"\u00e9": ["\u00e9"]}, ensure_ascii=False))
""",
    "big_inputs": r"""
import json
records = [{"id": i, "name": "user%d" % i, "score": i / 8, "ok": i % 3 == 0, "tags": ["t%d" % (i % 7), None],
            "note": "caf\u00e9 \u2603 \"q\"\n" if i % 50 == 0 else ""} for i in range(30000)]
doc = json.dumps(records)
print(len(doc), doc[:120], doc[-120:])
back = json.loads(doc)
print(back == records, len(back), back[12345])
ind = json.dumps(records[:2000], indent=2, sort_keys=True)
print(len(ind), ind[:200], ind[-80:])
print(json.loads(ind) == records[:2000])
big = "x\u00e9\\\"\n" * 100000
enc = json.dumps(big)
print(len(enc), json.loads(enc) == big, len(json.dumps(big, ensure_ascii=False)))
nums = [10 ** k for k in range(0, 60, 7)] + [-(2 ** 64), 2 ** 63 - 1, 123456789012345678901234567890]
print(json.dumps(nums), json.loads(json.dumps(nums)) == nums)
""",
    "nesting": r"""
import json
for depth in (1, 10, 200, 500):
    doc = "[" * depth + "]" * depth
    v = json.loads(doc)
    print(depth, json.dumps(v) == doc, len(json.dumps(v, indent=1)))
    doc = '{"a":' * depth + "1" + "}" * depth
    print(depth, json.dumps(json.loads(doc), separators=(",", ":")) == doc)
for doc in ("[" * 100000, "[" * 100000 + "]" * 100000, '{"a":' * 100000):
    try:
        json.loads(doc)
    except RecursionError as e:
        print("RecursionError")
    except json.JSONDecodeError as e:
        print("JSONDecodeError", e)
deep = []
for _ in range(100000):
    deep = [deep]
try:
    json.dumps(deep)
except RecursionError:
    print("RecursionError on dumps")
""",
    "nan_infinity_floats": r"""
import json
print(json.loads("[NaN, Infinity, -Infinity, 1e400, -1e400, 1E-400, -0.0, -0, 0.1, 1.0000000000000002]"))
print(json.dumps([float("nan"), float("inf"), -float("inf"), 1e16, 1e-7, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, -0.0, 1.0, 100.0, 1e22, 123456789.125]))
for v in (float("nan"), float("inf"), -float("inf")):
    for call in (lambda: json.dumps(v, allow_nan=False), lambda: json.dumps([v], allow_nan=False), lambda: json.dumps({v: 1}, allow_nan=False)):
        try: print(call())
        except ValueError as e: print("ValueError", e)
print(json.loads('[NaN, -Infinity, 1]', parse_constant=lambda c: "const:" + c))
print(json.loads('{"a": 1.50, "b": 10, "c": -0.0}', parse_float=str, parse_int=lambda s: "int:" + s))
from decimal import Decimal
print(json.loads('[1.10, 2.000000000000000000001]', parse_float=Decimal))
print(json.dumps({float("nan"): 1, float("inf"): 2, 1e100: 3, -0.0: 4}))
""",
    "indent_separators_sort_keys": r"""
import json
data = {"b": [1, {"z": None, "a": []}, {}], "a": {"y": [True, False], "x": "s"}, "c": ()}
for kw in ({}, {"indent": 0}, {"indent": 3}, {"indent": "\t"}, {"indent": "ab"}, {"indent": ""}, {"indent": None},
           {"separators": (",", ":")}, {"separators": (" , ", " : ")}, {"indent": 2, "separators": (", ", ": ")},
           {"sort_keys": True}, {"sort_keys": True, "indent": 2}, {"indent": 2, "sort_keys": True, "separators": (";", "=")}):
    print(kw, repr(json.dumps(data, **kw)))
try: json.dumps({"a": 1, 2: 3}, sort_keys=True)
except TypeError as e: print("TypeError", e)
print(json.dumps({3: 1, 1: 2, 2: 3}, sort_keys=True), json.dumps({"b": 1, "a": 2, "A": 3, "\u00e9": 4, "": 5}, sort_keys=True))
print(json.dumps([[], {}, [[]], [{}]], indent=2))
""",
    "non_str_keys_default_cls": r"""
import json
print(json.dumps({1: "a", -5: "b", 2 ** 70: "c", 1.5: "d", True: "e", False: "f", None: "g", 0.1: "h"}))
try: json.dumps({(1, 2): 1})
except TypeError as e: print("TypeError", e)
try: json.dumps({b"k": 1})
except TypeError as e: print("TypeError", e)
print(json.dumps({(1, 2): 1, "ok": 2, frozenset(): 3}, skipkeys=True), json.dumps({(1,): 1}, skipkeys=True))
print(json.dumps({"a": 1, (1,): 2}, skipkeys=True, indent=2))
class P:
    def __init__(self, x): self.x = x
print(json.dumps([P(1), {"p": P([P(2)])}], default=lambda o: {"P": o.x}))
class Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set): return sorted(o)
        return super().default(o)
print(json.dumps({"s": {3, 1, 2}}, cls=Enc), Enc(indent=1).encode([{1}]))
try: json.dumps({"p": P(1)})
except TypeError as e: print("TypeError", e)
try: json.dumps(b"x")
except TypeError as e: print("TypeError", e)
a = []; a.append(a)
d = {}; d["d"] = d
for o in (a, d, [d], {"x": [a]}):
    try: json.dumps(o)
    except ValueError as e: print("ValueError", e)
def loop(o): return [o]
try: json.dumps(P(1), default=loop)
except (ValueError, RecursionError) as e: print(type(e).__name__)
shared = [1]
print(json.dumps([shared, shared, {"k": shared}]))
print(json.dumps([1, a], check_circular=False) if False else "skip")
class S(str): pass
class I(int): pass
class F(float): pass
class L(list): pass
class D(dict): pass
print(json.dumps([S("s\u00e9"), I(7), F(2.5), L([1, 2]), D(a=1), (1, 2), {S("k"): I(3), I(4): F(0.5)}]))
from collections import OrderedDict, namedtuple, Counter
print(json.dumps(OrderedDict([("z", 1), ("a", 2)])), json.dumps(namedtuple("N", "a b")(1, [2])), json.dumps(Counter("aab")))
print(json.dumps({"a": 1}, indent=2, default=str), json.dumps(1), json.dumps("s"), json.dumps(None), json.dumps(True), json.dumps(2 ** 100))
print(json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d.items())))
print(json.loads('{"a": 1, "a": 2, "b": [{"c": 3}]}', object_pairs_hook=lambda p: ("pairs", p)))
print(json.loads('{"a": 1, "a": 2}'))
""",
    "str_indexing": r"""
# s[i], s[-i] and slices of ASCII and non-ASCII strings, in patterns that exercise the
# index cache (sequential, backwards, random, interleaved strings, reuse after collection).
import gc
def lcg(seed):
    while True:
        seed = (seed * 1103515245 + 12345) % 2147483648
        yield seed
ascii_s = "".join(chr(97 + i % 26) for i in range(5000))
uni = "".join(chr(97 + i % 26) if i % 3 else "\u00e9\u2603\U0001F600"[i % 9 // 3] for i in range(5000))
for s in (ascii_s, uni, "short\u00e9", "x" * 16, "\u00e9" * 16 + "a"):
    n = len(s)
    fwd = "".join(s[i] for i in range(n))
    back = "".join(s[-i] for i in range(1, n + 1))
    r = lcg(n)
    rnd = "".join(s[next(r) % n] for _ in range(2000))
    sl = [s[i:i + 7] for i in range(0, n, 5)] + [s[-i:] for i in range(0, n, 97)] + [s[i:j] for i, j in zip(range(0, n, 13), range(n, 0, -11))]
    print(n, fwd == s, back == s[::-1], hash(rnd) == hash(rnd), rnd[:40], len("".join(sl)), sl[3], sl[-1][:20])
    for bad in (n, -n - 1, 10 ** 6):
        try: s[bad]
        except IndexError as e: print("IndexError", e)
    print(s[n:], s[-10 ** 6:3], s[5:2], s[n - 1:], s[:-n], s[-n:-n + 2])
# two strings indexed alternately, and strings freed and reallocated with the same length
t = uni[::-1]
print("".join(uni[i] + t[i] for i in range(0, len(uni), 7))[:60])
for round_ in range(5):
    a = "".join("\u00e9" if (i + round_) % 4 == 0 else "a" for i in range(300))
    print(a[150], a[299], a[-4:], a.count("\u00e9"), len(a))
    del a
    gc.collect()
    b = "".join(chr(98 + (i + round_) % 3) for i in range(300))
    print(b[150], b[299], b[-4:], len(b))
print(len(uni), len(ascii_s), len(""), len("\u00e9" * 20))
# many strings, each indexed near its ends (walked, no cache entry) and in the middle
lines = ["%05d-\u00e9-" % i + "x\u2603" * (20 + i % 30) for i in range(3000)]
print("".join(l[0] + l[-1] + l[6] + l[-35] + l[40] + l[3:9] for l in lines)[-80:], sum(len(l) for l in lines))
""",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_cpython(name: str, sandbox: Sandbox) -> None:
    assert_matches_cpython(sandbox, SNIPPETS[name])


GROWTH = r"""
import time
def best(f):
    b = None
    for _ in range(5):
        t = time.perf_counter(); f(); d = time.perf_counter() - t
        b = d if b is None or d < b else b
    return b
def walk(s):
    n = 0
    for i in range(len(s)):
        if s[i] == "a":
            n += 1
    return n
for base in ("abcdefghij", "abcd\u00e9fgh\u2603j"):
    small, large = base * 4000, base * 16000
    print(best(lambda: walk(large)) / best(lambda: walk(small)))
"""


def test_str_indexing_is_linear(sandbox: Sandbox) -> None:
    # 4x the input takes about 4x the time (21.6x when every s[i] walked from the start); a
    # loose bound: the machine may be busy, and single runs vary by 3x.
    # Up to 3 attempts: a quadratic walk never passes, a busy machine may fail one.
    ratios: list[float] = []
    for _ in range(3):
        r = sandbox.run(GROWTH)
        assert r.error is None, r.error
        ratios = [float(x) for x in r.stdout.split()]
        assert len(ratios) == 2
        if all(ratio < 12 for ratio in ratios):
            return
    pytest.fail(f"4x the input took {ratios} times as long")
