"""Core language behaviour and the smaller frozen modules against CPython: set iteration order,
exception chaining, tracebacks, int/float/type attributes, docstrings, writable __dict__,
str methods beyond ASCII, the match statement, and csv, base64, hashlib, hmac, random, fractions, pprint, calendar,
uuid, traceback, math. Each snippet runs in a real micro-VM and under this CPython
(sys.executable); both must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython, cpython

from hyperlight_codeact import Sandbox

# Pseudo-random data both interpreters generate identically.
LCG = r"""
_seed = 12345
def rnd(n):
    global _seed
    _seed = (_seed * 1103515245 + 12345) % 2147483648
    return _seed % n
def ints():
    hi = [10, 60, 5000, 2**40][rnd(4)]
    return [rnd(2 * hi + 1) - hi for _ in range(rnd(30))]
"""

SNIPPETS: dict[str, str] = {
    "set_order": LCG
    + r"""
for t in range(60):
    a, b = ints(), ints()
    sa, sb = set(a), set(b)
    x = set(a); x.update(b)
    y = set(a); y.difference_update(b)
    z = set(a); z.symmetric_difference_update(b)
    w = set(a)
    for v in b:
        w.discard(v)
    print(sa | sb, sa & sb, sa - sb, sa ^ sb, sb - sa, sa.intersection(b), x, y, z, w)
    print([w.pop() for _ in range(min(2, len(w)))], w, frozenset(b), {v * 3 for v in a})
print({3, 1, 2}, {17, 9, 1, 25}, set(range(20)), {x % 7 for x in range(30, 0, -1)})
print({(i % 3, i) for i in range(9)}, {i / 8 for i in range(-9, 9)}, {-1, -2, 2**61, 2**64})
print(hash((1, 2)), hash(-1), hash(2**64), hash(-2**70), hash(1.5), hash(-0.25), hash(1e300))
""",
    "exception_chaining": r"""
import sys, traceback
class ConfigError(Exception):
    pass
def load(raw):
    try:
        return int(raw)
    except ValueError as e:
        raise ConfigError(f"bad value {raw!r}") from e
try:
    load("abc")
except ConfigError as e:
    print(e, type(e.__cause__).__name__, e.__suppress_context__, type(e.__context__).__name__)
    print(traceback.format_exception_only(e), traceback.format_exc().splitlines()[-1])
try:
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("lookup failed")
except RuntimeError as e:
    print(e, type(e.__context__).__name__, e.__cause__, e.__suppress_context__, sys.exc_info()[0].__name__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("x") from None
except ValueError as e:
    print(e.__cause__, type(e.__context__).__name__, e.__suppress_context__)
e = ValueError(1)
print(e.__cause__, e.__context__, e.__suppress_context__)
e.__cause__ = KeyError(2)
print(repr(e.__cause__), e.__suppress_context__)
try:
    raise ValueError from TypeError
except ValueError as v:
    print(repr(v.__cause__))
try:
    raise ValueError from 5
except TypeError as t:
    print(t)
""",
    "language": r"""
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print([k.__name__ for k in D.__mro__], [k.__name__ for k in KeyError.__mro__])
print((5).real, (5).imag, (5).numerator, (5).denominator, (5).conjugate(), (7).as_integer_ratio())
print((2.5).real, (2.5).imag, (2.0).is_integer(), (2.5).is_integer(), (0.1).as_integer_ratio())
for bad in [lambda: hash([]), lambda: {}[[]], lambda: {[1]: 2}, lambda: set([[1]]), lambda: hash({})]:
    try:
        bad()
    except TypeError as e:
        print(e)
for bad in [lambda: dict([(1, 2, 3)]), lambda: dict([(1,)]), lambda: dict([1])]:
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
def f():
    '''Short doc.'''
    return 1
def g():
    return "not a doc"
class K:
    def __init__(self, v):
        self.v = v
    def __lt__(self, o):
        return self.v < o.v
    def __repr__(self):
        return "K%d" % self.v
print(f.__doc__, g.__doc__, max([K(3), K(1)]), K(1) > K(0), sorted([K(2), K(1)]))
print(int("1011", base=2))
class Config:
    def __init__(self, **kw):
        self.__dict__.update(kw)
c = Config(debug=True, level=3)
c.x = 5
c.__dict__["y"] = 7
print(c.debug, c.level, c.y, c.__dict__, vars(c), c.__dict__ is c.__dict__)
c.__dict__ = {"z": 1}
print(c.z, hasattr(c, "x"), vars(c))
import sys
print(sys.version_info >= (3, 8))
""",
    "unicode_str": r"""
s = "naïve café – 日本語 ✓ ΣΊΣΥΦΟΣ straße ǆemal ﬁne"
for f in ['upper', 'lower', 'title', 'capitalize', 'swapcase', 'casefold']:
    print(f, getattr(s, f)())
for t in ["abc", "Ünï", "٣", "²", "½", "x_1", "日本", "Ⅻ", "ǅa", "ÀB", "àb", " \u3000", "é1", "1é"]:
    print(repr(t), t.isalpha(), t.isdigit(), t.isalnum(), t.isspace(), t.isdecimal(), t.isnumeric(),
          t.isidentifier(), t.isupper(), t.islower(), t.istitle())
print("résumé".encode("ascii", errors="ignore"), "résumé".encode("ascii", "replace"), "résumé".encode("latin-1"))
try:
    "résumé".encode("ascii")
except UnicodeError as e:
    print(str(e))
""",
    "modules": r"""
import csv, io, base64, hashlib, hmac, random, pprint, calendar, math, uuid
from fractions import Fraction
data = 'a,b,c\r\n1,"x, y",3\r\n"multi\nline",,\r\n\r\nlast,"q""q",\n'
print(list(csv.reader(io.StringIO(data))), list(csv.reader(['a;b;"c;d"'], delimiter=';')))
out = io.StringIO()
csv.writer(out).writerow(['a', 1, 2.5, None, 'x"y', 'l\nm', ''])
csv.writer(out, quoting=csv.QUOTE_NONNUMERIC).writerow(['a', 1, True])
dw = csv.DictWriter(out, fieldnames=['x', 'y']); dw.writeheader(); dw.writerow({'x': 1})
print(repr(out.getvalue()), [dict(r) for r in csv.DictReader(io.StringIO('x,y\n1,2\n3\n'))])
for b in [b'', b'f', b'foob', b'\xff\xfe\x00']:
    print(base64.b64encode(b), base64.urlsafe_b64encode(b), base64.b32encode(b), base64.b16encode(b))
print(base64.b64decode('aGVsbG8=\n'), base64.urlsafe_b64decode('-_8='))
for name in ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']:
    h = hashlib.new(name, b'abc'); h2 = h.copy(); h2.update(b'x' * 200)
    print(name, h.hexdigest(), h2.hexdigest(), h.digest_size)
print(hmac.new(b'key', b'msg', 'sha256').hexdigest(), hmac.compare_digest('a', 'a'))
rng = random.Random(12345)
print(rng.random(), rng.randint(1, 10**12), rng.randrange(0, 100, 7), rng.choice('abcdef'), rng.getrandbits(70))
l = list(range(20)); rng.shuffle(l)
print(l, rng.sample(range(1000), 5), rng.choices([1, 2, 3], weights=[1, 5, 1], k=5), rng.uniform(1, 2), rng.gauss(0, 1))
random.seed(7); print(random.random(), random.randint(0, 5))
a = Fraction(3, 4); b = Fraction('-1.25e-1')
print(a, b, repr(a), a + b, a / b, a ** -2, round(Fraction(7, 3), 2), Fraction(0.1).limit_denominator(100), a == 0.75)
d = {'z': list(range(40)), 'a': {'nested': ['x' * 30, 'y' * 30, 'z' * 30]}, 'm': (1, 2), 'long': 'word ' * 30}
pprint.pprint(d); pprint.pprint(d, width=50, indent=2, compact=True)
print(calendar.monthrange(2024, 2), calendar.isleap(1900), calendar.month_name[3], calendar.day_name[0])
print(calendar.month(2024, 3))
print(math.gcd(12, -18, 30), math.lcm(4, 6, 10), math.comb(50, 25), math.perm(10, 3), math.prod(range(1, 25)))
print(math.isqrt(10**40 + 1), math.fsum([0.1] * 10), math.hypot(1, 2, 3), math.dist([1, 2, 3], [4, 6, 3]), math.log10(1000))
u = uuid.UUID('12345678-1234-5678-1234-567812345678')
print(u, repr(u), u.int, u.version, uuid.uuid5(uuid.NAMESPACE_URL, 'http://x'), uuid.uuid3(uuid.NAMESPACE_DNS, 'a'))
v = uuid.uuid4(); print(len(str(v)), str(v)[14], v.version)
""",
    "match_statement": r"""
from dataclasses import dataclass
from collections import namedtuple
@dataclass
class Point:
    x: int
    y: int
class Color:
    RED = 1
    GREEN = 2
P2 = namedtuple("P2", "a b")
def f(v):
    match v:
        case 0 | 1:
            return "small"
        case -5:
            return "minus five"
        case 2.5:
            return "float"
        case "hi" | "hello":
            return "greet"
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case [x, y, *rest] if x == y:
            return f"pair-ish {x} {rest}"
        case (a, b):
            return f"two {a} {b}"
        case [1, *_, 9]:
            return "1..9"
        case {"type": "user", "name": str(name), **extra}:
            return f"user {name} {extra}"
        case {"k": [_, {"deep": d}]}:
            return f"deep {d}"
        case Point(x=0, y=yy):
            return f"on y axis {yy}"
        case Point(xx, 0):
            return f"on x axis {xx}"
        case P2(a, b=3):
            return f"p2 {a}"
        case int(n) if n > 100:
            return f"big {n}"
        case str() as s:
            return f"other str {s}"
        case [Point(x=1) as p, *others]:
            return f"point first {p} {len(others)}"
        case {}:
            return "some mapping"
        case _:
            return "default"
for v in [0, 1, -5, 2.5, "hi", None, True, 1, 7, [3, 3, 4], (5, 6), [1, 2, 3, 9], {"type": "user", "name": "bo", "age": 3},
          {"k": [0, {"deep": 42}]}, Point(0, 7), Point(4, 0), Point(4, 4), P2(1, 3), 500, 50, "zzz", [Point(1, 2), 3], {"a": 1}, 3.5]:
    print(repr(v), "->", f(v))
def g(cmd):
    match cmd.split():
        case ["go", ("north" | "south") as d]: return d
        case ["drop", *objs]: return objs
        case _: pass
    return "none"
print(g("go north"), g("drop a b"), g("x"))
match (1, 2):
    case (1, z):
        print("z", z)
def classify(p):
    match p:
        # a comment
        case (0, 0):
            return "origin"
        case (x, 0):
            match x:
                case 1 | 2:
                    return "small x"
                case _:
                    return f"x={x}"
        case (0, y): return f"y={y}"
        case _:
            return "else"
    return "unreachable"
print([classify(p) for p in [(0, 0), (1, 0), (5, 0), (0, 3), (1, 1)]])
class K:
    kind = "a"
    match kind:
        case "a":
            label = "A"
        case _:
            label = "?"
print(K.label)
match = {"x": 1}
print(match["x"])
case = 3
print(case)
""",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_cpython(name: str, sandbox: Sandbox) -> None:
    assert_matches_cpython(sandbox, SNIPPETS[name])


def test_chained_traceback_text(sandbox: Sandbox) -> None:
    code = (
        "def g():\n"
        "    try:\n"
        "        1 / 0\n"
        "    except ZeroDivisionError as z:\n"
        "        raise RuntimeError('wrapped') from z\n"
        "try:\n"
        "    g()\n"
        "except RuntimeError:\n"
        "    {}['k']\n"
    )
    r = sandbox.run(code)
    assert r.exception_type == "KeyError"
    tb = r.traceback or ""
    assert "ZeroDivisionError: division by zero" in tb
    assert "The above exception was the direct cause of the following exception:" in tb
    assert "RuntimeError: wrapped" in tb
    assert "During handling of the above exception, another exception occurred:" in tb
    assert tb.index("ZeroDivisionError") < tb.index("RuntimeError: wrapped") < tb.index("KeyError")


def test_name_error_suggestion(sandbox: Sandbox) -> None:
    r = sandbox.run("total = 3\nprint(totl)\n")
    assert r.exception_type == "NameError"
    assert "Did you mean: 'total'?" in (r.error or "")


def test_randomness_comes_from_the_host(sandbox: Sandbox) -> None:
    # Unseeded random, uuid4 and secrets draw on the host's CSPRNG (os.urandom): two runs of
    # the same program differ, as two CPython processes would; a seeded generator still repeats.
    code = (
        "import os, random, uuid, secrets\n"
        "print(random.random(), uuid.uuid4(), secrets.token_hex(8), os.urandom(8).hex(), random.SystemRandom().random())\n"
        "random.seed(42)\n"
        "print(random.random())\n"
    )
    first, second = sandbox.run(code), sandbox.run(code)
    assert first.error is None and second.error is None, (first.error, second.error)
    draws1, seeded1 = first.stdout.splitlines()
    draws2, seeded2 = second.stdout.splitlines()
    assert all(a != b for a, b in zip(draws1.split(), draws2.split(), strict=False)), (draws1, draws2)
    assert seeded1 == seeded2 == cpython("import random\nrandom.seed(42)\nprint(random.random())").strip()
    # bookkeeping reads are not audited as host operations
    assert first.host_ops == []


def test_urandom_sizes(sandbox: Sandbox) -> None:
    r = sandbox.run(
        "import os\nprint(len(os.urandom(0)), len(os.urandom(1)), len(os.urandom(200_000)))\n"
        "try:\n    os.urandom(-1)\nexcept ValueError as e:\n    print(e)\n"
    )
    assert r.stdout == "0 1 200000\nnegative argument not allowed\n", r.error


def test_docstrings_of_classes_and_functions(sandbox: Sandbox) -> None:
    # A class without a docstring has __doc__ None of its own (not its base's), as do its
    # instances and functions without one.
    code = (
        'class A:\n    """Doc A."""\nclass B:\n    pass\nclass C(A):\n    x = 1\n'
        "def f():\n    return 1\ndef g():\n    'g doc'\n"
        "print([k.__doc__ for k in (A, B, C, A(), B(), C(), f, g)], 'x' in vars(C), vars(B).get('__doc__', 'absent'))\n"
    )
    assert_matches_cpython(sandbox, code)


def test_sys_stdout_is_assignable_and_print_follows_it(sandbox: Sandbox) -> None:
    # sys.stdout = io.StringIO() or any object with write(): print() writes there (one write()
    # per argument, separator and end, as CPython), sys.__stdout__ restores the real stream.
    code = r"""
import sys, io
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__)
buf = io.StringIO()
old = sys.stdout
sys.stdout = buf
print("captured", 1, 2, sep="-")
sys.stdout.write("w\n")
sys.stdout = old
print("got", repr(buf.getvalue()))
class Collector:
    def __init__(self):
        self.parts = []
    def write(self, s):
        self.parts.append(s)
        return len(s)
c = Collector()
print("a", "b", file=c)
print(c.parts)
print("to none", file=None)
try:
    print("x", file=42)
except AttributeError as e:
    print("AttributeError", e)
sys.stdout = Collector()
print("hidden")
got = sys.stdout.parts
sys.stdout = sys.__stdout__
print(got)
"""
    assert_matches_cpython(sandbox, code)
