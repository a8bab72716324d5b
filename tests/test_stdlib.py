"""The guest's standard-library modules (guest/frozen/) against CPython: each snippet runs in a
real micro-VM and under this CPython (sys.executable), and both must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox

SNIPPETS: dict[str, str] = {
    "collections": r"""
from collections import Counter, defaultdict, OrderedDict, namedtuple, deque, ChainMap
c = Counter("abracadabra")
print(c, c.most_common(2), c['z'], c.total(), sorted(c.elements()))
c.update({'a': 2}); c.subtract("bb"); print(c)
d = Counter(a=3, b=1)
print(c + d, c - d, c | d, c & d, -Counter(a=-2), +Counter(a=-1, b=2))
print(dict(c), list(c), len(c), isinstance(c, dict), c == Counter(dict(c)))
dd = defaultdict(list); dd['x'].append(1); dd['y']; print(dd, dict(dd), 'x' in dd, len(dd))
di = defaultdict(int);
for w in "a b a c".split(): di[w] += 1
print(di, di.get('q'), sorted(di.items()))
print(defaultdict(None))
od = OrderedDict(); od['a']=1; od['b']=2; od['c']=3
od.move_to_end('a'); print(od); od.move_to_end('c', last=False); print(od, od.popitem(), od.popitem(last=False), od)
print(OrderedDict())
P = namedtuple('P', 'x y')
p = P(1, y=2); print(p, p.x, p[1], p._asdict(), p._replace(x=5), P._fields, P._make([3,4]), tuple(p), p == (1,2))
Q = namedtuple('Q', ['a', 'b', 'c'], defaults=[0, 9]); print(Q(1), Q(1, 2), Q._field_defaults, [Q(5)])
x, y = p; print(x, y, len(p), hash(p) == hash((1, 2)))
q = deque([1,2,3]); q.append(4); q.appendleft(0); print(q, q[0], q[-1], len(q))
q.rotate(2); print(q); q.rotate(-3); print(q); print(q.pop(), q.popleft(), q)
q.extendleft([7,8]); print(q, list(reversed(q)), 3 in q)
m = deque(maxlen=3)
for i in range(6): m.append(i)
print(m, m.maxlen, deque('ab'))
while q: q.popleft()
print(q, bool(q))
try: q.pop()
except IndexError as e: print('IndexError', e)
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3}); print(cm['a'], cm['b'], len(cm), sorted(cm), cm.get('z', 0), cm)
cm2 = cm.new_child(); cm2['z'] = 1; print(cm2, cm2.parents)
print(Counter(['x','y','x']).most_common())
""",
    "datetime": r"""
from datetime import date, datetime, timedelta, timezone, time
import datetime as dtm
d = date(2024, 2, 28)
print(d, repr(d), d + timedelta(days=2), d - date(2023, 1, 1), d.weekday(), d.isoweekday(), d.isocalendar(), tuple(d.isocalendar()))
print(d.strftime("%Y/%m/%d %a %A %b %B %j %y %% %U %W %w"), d.replace(day=1), d.toordinal(), date.fromordinal(700000))
print(date.fromisoformat("2021-12-31"), date.fromisoformat("20211231"), d.ctime(), d.isoformat(), f"{d:%d.%m.%Y}", "{:%Y}".format(d))
dt = datetime(2024, 3, 10, 14, 5, 9, 123456)
print(dt, repr(dt), dt.isoformat(), dt.isoformat(" ", "seconds"), dt.isoformat(timespec="milliseconds"), dt.date(), dt.time(), repr(dt.time()))
print(dt.strftime("%Y-%m-%d %H:%M:%S.%f %I:%M %p %a %b %-d %-m %-H %c"), repr(datetime(2020,1,1)), repr(datetime(2020,1,1,0,0,5)))
print(datetime.strptime("2023-07-04 09:30:15", "%Y-%m-%d %H:%M:%S"), datetime.strptime("04/Jul/2023:09:30", "%d/%b/%Y:%H:%M"), repr(datetime.strptime("2023-07-04T09:30:15.5+0200", "%Y-%m-%dT%H:%M:%S.%f%z")))
print(datetime.strptime("March 5, 2021 3:04 PM", "%B %d, %Y %I:%M %p"), datetime.strptime("21-1-5", "%y-%m-%d"), datetime.strptime("2020 100", "%Y %j"))
for bad in [("2023-13-01", "%Y-%m-%d"), ("2023-01-01 x", "%Y-%m-%d"), ("abc", "%Y")]:
    try: datetime.strptime(*bad)
    except ValueError as e: print("ValueError", e)
a = datetime(2024, 1, 1, tzinfo=timezone.utc); b = datetime(2024, 1, 1, 5, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
print(a, repr(a), b, repr(b), a == b, a - b, b.utcoffset(), b.tzname(), a.timestamp(), b.astimezone(timezone.utc), a.astimezone(timezone(timedelta(hours=-3))))
print(repr(timezone.utc), str(timezone.utc), repr(timezone(timedelta(hours=-3))), str(timezone(timedelta(hours=-3), "EST")), timezone(timedelta(0)))
print(datetime.fromisoformat("2024-05-06T07:08:09"), repr(datetime.fromisoformat("2024-05-06T07:08:09.123+01:00")), repr(datetime.fromisoformat("2024-05-06 07:08Z")), datetime.fromisoformat("2024-05-06"))
print(datetime.fromtimestamp(1700000000, timezone.utc), datetime.fromtimestamp(0, tz=timezone.utc).isoformat(), datetime(2000,1,1,tzinfo=timezone.utc).timestamp())
td = timedelta(days=1, hours=3, minutes=4, seconds=5.5)
print(td, repr(td), td.total_seconds(), -td, repr(-td), abs(-td), td * 2, td / 2, td // timedelta(hours=1), td / timedelta(hours=1), td % timedelta(hours=1), timedelta(0), repr(timedelta(0)))
print(timedelta(weeks=1, milliseconds=1), timedelta(hours=-1), timedelta(days=-2, seconds=10), td > timedelta(1), timedelta(minutes=90) == timedelta(hours=1.5), divmod(timedelta(hours=5), timedelta(hours=2)))
print(sorted([date(2020,5,1), date(2019,1,1), date(2020,1,1)]), max(dt, datetime(2025,1,1)), dt.replace(hour=0, minute=0, second=0, microsecond=0))
print(datetime.combine(date(2020,1,2), time(3,4)), time(12, 30), repr(time(12,30)), time(1,2,3,4).isoformat(), time.fromisoformat("10:20:30"), repr(time(5, tzinfo=timezone.utc)))
print((datetime(2024,3,1) - datetime(2024,2,1)).days, date(2024,12,30).isocalendar(), date(2021,1,3).isocalendar(), date.fromisocalendar(2020, 53, 5))
try: date(2023, 2, 29)
except ValueError as e: print(e)
try: datetime(2020,1,1) < datetime(2020,1,1,tzinfo=timezone.utc)
except TypeError as e: print(e)
print(datetime(2020,1,1) == date(2020,1,1), {date(2020,1,1): 1}[date(2020,1,1)], isinstance(dt, date), dtm.MAXYEAR, dt.timetuple()[:8])
print(date.min, date.max, datetime.max, timedelta.max, timedelta.min)
print([d + timedelta(days=i) for i in range(3)])
print(datetime(2024,1,31).strftime("%G-W%V-%u"), datetime(2024,1,1,tzinfo=timezone(timedelta(hours=2))).strftime("%z %Z"))
""",
    "functools_itertools_operator": r"""
import functools, itertools, operator
from functools import reduce, partial, lru_cache, wraps, cmp_to_key, total_ordering, cache
print(reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(operator.add, [], 10))
p = partial(lambda s, base: int(s, base), base=2); print(p('101'), p.args, p.keywords)
def power(b, e): return b ** e
sq = partial(power, e=2); print(sq(7), partial(sq, 3)())
@lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n-1) + fib(n-2)
print(fib(60), fib.cache_info())
@cache
def f2(x): return x * 2
print(f2(3), f2(3), f2.cache_info())
@lru_cache
def f3(x): return x
f3(1); f3(1); print(f3.cache_info())
@lru_cache(maxsize=2)
def f4(x): return x
for i in [1,2,1,3,2]: f4(i)
print(f4.cache_info(), f4.__name__)
def deco(fn):
    @wraps(fn)
    def wrapper(*a, **k):
        return fn(*a, **k) + 1
    return wrapper
@deco
def g(x):
    "doc of g"
    return x
print(g(1), g.__name__, g.__wrapped__(1))
class C:
    @deco
    def m(self, x): return x * 10
    @lru_cache(maxsize=None)
    def n(self, x): return x + 100
print(C().m(2), C().n(1))
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: b - a)))
@total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) > V(2), V(2) >= V(2), V(1) > V(2))
it = itertools
print(list(it.islice(it.count(5, 2), 4)), list(it.islice(it.cycle('ab'), 5)), list(it.repeat('x', 3)))
print(list(it.accumulate([1,2,3,4])), list(it.accumulate([1,2,3], operator.mul)), list(it.accumulate([1,2], initial=10)))
print(list(it.chain('ab', [1])), list(it.chain.from_iterable([[1,2],[3]])), list(it.compress('abcd', [1,0,1,0])))
print(list(it.dropwhile(lambda x: x < 3, [1,4,1])), list(it.takewhile(lambda x: x < 3, [1,2,5,1])), list(it.filterfalse(lambda x: x % 2, range(6))))
print([(k, list(g)) for k, g in it.groupby('aaabbcaa')], [k for k, g in it.groupby([1,1,2])])
print([(k, len(list(g))) for k, g in it.groupby(sorted(['apple','avocado','banana']), key=lambda s: s[0])])
print(list(it.islice('abcdefg', 2)), list(it.islice('abcdefg', 2, 4)), list(it.islice('abcdefg', 2, None)), list(it.islice('abcdefg', 0, None, 2)))
print(list(it.starmap(pow, [(2,5),(3,2)])), [list(t) for t in it.tee([1,2,3])], list(it.zip_longest('abc', 'x', fillvalue='-')))
print(list(it.product('ab', range(2))), list(it.product([0,1], repeat=2)), len(list(it.permutations(range(4)))), list(it.permutations('abc', 2)))
print(list(it.combinations('abcd', 2)), list(it.combinations_with_replacement('ab', 2)), list(it.pairwise([1,2,3,4])))
print(list(it.combinations(range(3), 0)), list(it.permutations([])), list(it.product()))
""",
    "json": r"""
import json
from collections import OrderedDict, Counter, namedtuple
data = {"name": "Zoë", "vals": [1, 2.5, None, True, False], "nested": {"b": 1, "a": [1, {"x": []}]}, "empty": {}, "t": (1, 2), 3: "int key", 1.5: "f", None: 0, True: 1}
print(json.dumps(data))
print(json.dumps(data, indent=2))
print(json.dumps(data, indent=4, sort_keys=False, ensure_ascii=False))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True, separators=(",", ":")))
print(json.dumps([1, [2, [3]]], indent="\t"))
print(json.dumps("a\"b\\c\n\t\x01\x7f\u00e9\U0001F600/"), json.dumps("é", ensure_ascii=False))
print(json.dumps([float("nan"), float("inf"), -float("inf"), 1e20, 0.1, 10**20]))
class P:
    def __init__(self): self.x = 1
print(json.dumps({"p": P()}, default=lambda o: o.__dict__))
try: json.dumps(P())
except TypeError as e: print("TypeError", e)
try: json.dumps(float("nan"), allow_nan=False)
except ValueError as e: print("ValueError", e)
print(json.dumps(OrderedDict([("z", 1), ("a", 2)])), json.dumps(Counter("aab")), json.dumps(namedtuple("N", "a b")(1, 2)))
print(json.loads('{"a": [1, 2.5, "x", null, true], "b": {"c": "é"}}'))
print(json.loads('[1, 2]', parse_float=str), json.loads('{"a": 1}', object_hook=lambda d: sorted(d)), json.loads(b'[1]'))
print(json.loads('[NaN, Infinity, -Infinity, "NaN"]'))
try: json.loads('{bad')
except json.JSONDecodeError as e: print("JSONDecodeError", isinstance(e, ValueError))
try: json.loads('')
except ValueError as e: print("ValueError", e)
print(json.dumps({}), json.dumps([]), json.dumps({}, indent=2), json.dumps([[]], indent=2), json.dumps("x"), json.dumps(None))
for bad in ['{"a": 1,}', '[1, 2, ]', '{"s": ",]"}', '{"a": [1,\n ]}']:
    try: print(json.loads(bad))
    except json.JSONDecodeError as e: print("JSONDecodeError", e, e.pos, e.lineno, e.colno)
""",
    "dataclasses_typing": r"""
from dataclasses import dataclass, field, asdict, astuple, fields, replace, is_dataclass, FrozenInstanceError
from typing import List, Optional
@dataclass
class Point:
    x: int
    y: int = 0
@dataclass(order=True)
class Item:
    name: str
    price: float
    tags: List[str] = field(default_factory=list)
    note: Optional[str] = field(default=None, repr=False)
@dataclass(frozen=True)
class F:
    a: int
    b: str = "x"
p = Point(1, 2); print(p, repr(p), p == Point(1, 2), p != Point(2, 2), Point(5), Point(y=3, x=4))
i = Item("a", 1.5); i.tags.append("t"); print(i, Item("b", 1.0) < Item("b", 2.0), sorted([Item("z", 1), Item("a", 2)]))
print(asdict(i), astuple(i), [f.name for f in fields(Item)], replace(p, y=9), is_dataclass(p), is_dataclass(Point), is_dataclass(1))
f = F(1); print(f, hash(f) == hash(F(1)), {f: 1}[F(1)])
try: f.a = 2
except FrozenInstanceError as e: print("FrozenInstanceError", e)
try: f.a = 2
except AttributeError as e: print("AttributeError", e)
@dataclass
class Nested:
    p: Point
    items: list = field(default_factory=list)
    def total(self): return sum(x for x in self.items)
n = Nested(Point(1, 1), [1, 2]); print(n, asdict(n), n.total())
@dataclass
class WithPost:
    a: int
    b: int = field(init=False)
    def __post_init__(self): self.b = self.a * 2
print(WithPost(3))
try: Point()
except TypeError as e: print("TypeError")
try:
    @dataclass
    class Bad:
        x: list = []
except ValueError as e: print("ValueError", e)
@dataclass
class Child(Point):
    z: int = 5
print(Child(1, 2, 3), Child(1))
print(Point.__annotations__ if False else sorted(Point.__dataclass_fields__))
@dataclass(eq=False)
class NoEq:
    v: int
print(NoEq(1) == NoEq(1))
""",
    "enum": r"""
from enum import Enum, IntEnum, auto, unique, Flag, IntFlag
try:
    from enum import StrEnum
except ImportError:
    StrEnum = None
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
    def describe(self): return "%s is %d" % (self.name, self.value)
    @property
    def lower(self): return self.name.lower()
print(Color.RED, repr(Color.RED), Color.RED.name, Color.RED.value, Color(2), Color["BLUE"], list(Color), len(Color), repr(Color))
print(Color.CRIMSON is Color.RED, Color.RED == Color.RED, Color.RED == 1, Color.RED != Color.GREEN, Color.RED in Color, isinstance(Color.RED, Color))
print(Color.RED.describe(), Color.GREEN.lower, [c.name for c in Color], {Color.RED: "r"}[Color.RED], type(Color.RED).__name__, f"{Color.RED}", "%s" % Color.BLUE)
print(sorted(Color.__members__) if hasattr(Color, '__members__') else sorted(Color._member_map_))
try: Color(7)
except ValueError as e: print("ValueError", e)
try: Color["PINK"]
except KeyError as e: print("KeyError", e)
class Shape(Enum):
    SQUARE = auto()
    CIRCLE = auto()
print(list(Shape), Shape.CIRCLE.value)
class Pri(IntEnum):
    LOW = 1
    HIGH = 3
print(Pri.LOW, repr(Pri.HIGH), Pri.LOW == 1, Pri.HIGH > Pri.LOW, Pri.HIGH + 1, [10, 20, 30, 40][Pri.HIGH], Pri(3), sorted([Pri.HIGH, Pri.LOW]), int(Pri.HIGH), f"{Pri.HIGH}")
class Perm(Flag):
    R = 4
    W = 2
    X = 1
rw = Perm.R | Perm.W
print(repr(Perm.R), Perm.W in rw, Perm.X in rw, bool(Perm.R & Perm.X), rw.value)
class Planet(Enum):
    MERCURY = (3.303e+23, 2.4397e6)
    EARTH = (5.976e+24, 6.37814e6)
    def __init__(self, mass, radius):
        self.mass = mass
        self.radius = radius
print(Planet.EARTH.mass, Planet.MERCURY.value, Planet((3.303e+23, 2.4397e6)))
try:
    @unique
    class Dup(Enum):
        A = 1
        B = 1
except ValueError as e: print("ValueError", e)
if StrEnum:
    class S(StrEnum):
        A = auto()
        B = "bee"
    print(S.A, repr(S.B), S.B == "bee", S.A.upper(), f"{S.B}")
class W(Enum):
    MON = "monday"
    TUE = "tuesday"
print(W("monday"), W.TUE.value, [d.value for d in W], W.MON.name)
""",
    "statistics": r"""
import statistics as st
data = [2.5, 3.1, 4.7, 1.2, 9.9, 3.3, 0.1]
ints = [1, 2, 3, 4, 4, 5, 7, 9]
for f in ("mean", "fmean", "median", "median_low", "median_high", "stdev", "pstdev", "variance", "pvariance", "geometric_mean", "harmonic_mean", "median_grouped"):
    fn = getattr(st, f)
    print(f, repr(fn(data)), repr(fn(ints)))
print(st.mean([1, 2, 3]), st.mean([1, 2]), st.mean([0.1, 0.2, 0.3]), st.variance([1, 2, 3, 4]), st.pvariance([1, 2, 3, 4]), st.mean([True, False]))
print(st.mode([1, 1, 2, 3, 3]), st.mode("aabbbc"), st.multimode("aabbcc"), st.multimode([]), st.quantiles(ints), st.quantiles(data, n=10), st.quantiles(ints, method="inclusive"))
print(st.stdev([1.5, 2.5, 2.5, 2.75, 3.25, 4.75]), st.variance([0.1] * 5), st.harmonic_mean([40, 60]), st.harmonic_mean([2.5, 3, 10], weights=[1, 2, 3]))
print(st.mean([1e300, 1e300]), st.fmean([0.1, 0.2, 0.3], weights=[1, 2, 3]), st.mean(x / 7 for x in range(100)), st.stdev(x / 7 for x in range(100)))
x = [1, 2, 3, 4, 5]; y = [2, 4, 5, 4, 5]
print(st.covariance(x, y), st.correlation(x, y), st.linear_regression(x, y), st.linear_regression(x, y).slope)
for bad in ([], [1]):
    try: st.variance(bad)
    except st.StatisticsError as e: print("StatisticsError", e)
try: st.mean([])
except st.StatisticsError as e: print("StatisticsError", e, isinstance(e, ValueError))
nd = st.NormalDist(10, 2); print(nd, nd.pdf(11), nd.cdf(12), nd.zscore(14))
""",
    "copy": r"""
import copy
from collections import defaultdict, Counter, OrderedDict, deque, namedtuple
a = [1, [2, 3], {"k": [4]}]
b = copy.copy(a); c = copy.deepcopy(a)
a[1].append(9); a[2]["k"].append(5)
print(b, c, b[1] is a[1], c[1] is a[1])
class P:
    def __init__(self, x): self.x = x; self.l = [x]
p = P(1); q = copy.deepcopy(p); r = copy.copy(p); p.l.append(2)
print(q.x, q.l, r.l, type(q).__name__, q is p)
dd = defaultdict(list); dd["a"].append(1); e = copy.deepcopy(dd); e["b"].append(2); print(dd, e)
print(copy.deepcopy(Counter("aab")), copy.copy(OrderedDict(a=1)), copy.deepcopy(deque([1, [2]])))
N = namedtuple("N", "a b"); print(copy.deepcopy(N(1, [2])), copy.copy((1, 2)), sorted(copy.deepcopy({1, 2})))
cyc = [1]; cyc.append(cyc); d = copy.deepcopy(cyc); print(d[1] is d, d[0])
""",
    "string_textwrap_heapq_bisect": r"""
import string, textwrap, heapq, bisect
print(string.ascii_letters, string.digits, string.punctuation, repr(string.whitespace), len(string.printable), string.hexdigits, string.octdigits)
print(string.capwords("hello   world-wide  web"), string.capwords("a,b", ","))
t = string.Template("$who likes ${what}; $$5 cost")
print(t.substitute(who="tim", what="kung pao"), t.substitute({"who": "x", "what": "y"}), t.safe_substitute(who="z"))
try: t.substitute(who="a")
except KeyError as e: print("KeyError", e)
try: string.Template("bad $ here").substitute()
except ValueError as e: print("ValueError", e)
text = "The quick brown fox jumps over the lazy dog. A well-known phrase used for testing typewriters and computer keyboards, displaying all letters."
print(textwrap.wrap(text, 30))
print(textwrap.fill(text, width=40, initial_indent="* ", subsequent_indent="  "))
print(textwrap.shorten(text, 50), "|", textwrap.shorten("Hello  world!", width=12), "|", textwrap.shorten("Hello world", width=11))
print(repr(textwrap.dedent("    a\n      b\n\n    c\n")), repr(textwrap.indent("a\nb\n\nc", "> ")))
print(textwrap.wrap("supercalifragilisticexpialidocious word", 10), textwrap.wrap("", 10), textwrap.wrap("a b c d e f g h", 8, max_lines=2, placeholder=".."))
h = []
for x in [5, 1, 8, 3, 9, 2]: heapq.heappush(h, x)
print(h, heapq.heappop(h), h, heapq.heappushpop(h, 0), heapq.heapreplace(h, 7), h)
l = [9, 4, 7, 1, 8]; heapq.heapify(l); print(l)
rows = [("a", 3), ("b", 1), ("c", 3), ("d", 2)]
print(heapq.nlargest(2, [4, 1, 9, 3]), heapq.nsmallest(2, [4, 1, 9, 3]), heapq.nlargest(2, rows, key=lambda r: r[1]), heapq.nsmallest(3, rows, key=lambda r: r[1]))
print(list(heapq.merge([1, 4, 7], [2, 5], [3, 6, 9])), list(heapq.merge([7, 4], [5, 1], reverse=True)), list(heapq.merge(["a", "BB"], ["ccc"], key=len)))
a = [1, 2, 4, 4, 8]
print(bisect.bisect(a, 4), bisect.bisect_left(a, 4), bisect.bisect_right(a, 3), bisect.bisect_left(a, 4, 3))
bisect.insort(a, 5); bisect.insort_left(a, 0); print(a)
recs = [(1, "a"), (3, "b"), (5, "c")]
print(bisect.bisect_left(recs, 3, key=lambda r: r[0]), bisect.bisect_right(recs, 3, key=lambda r: r[0]))
bisect.insort(recs, (4, "x"), key=lambda r: r[0]); print(recs)
""",
    "decimal": r"""
from decimal import Decimal, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN, ROUND_CEILING, ROUND_FLOOR, getcontext, localcontext, InvalidOperation, DivisionByZero
D = Decimal
print(D("1.10") + D("2.205"), D("3") - D("4.50"), D("1.5") * D("2.25"), D(1) / D(3), D(10) / D(4), D(1) / D(8), D("100") / D("10"), D(7) / D(2))
print(D("2.675").quantize(D("0.01"), rounding=ROUND_HALF_UP), D("2.665").quantize(D("0.01"), ROUND_HALF_EVEN), D("2.675").quantize(D("0.01")), D("-2.5").quantize(D("1"), ROUND_HALF_UP), D("1.239").quantize(D(".01"), ROUND_DOWN))
print(D("19.995").quantize(D("0.01"), ROUND_HALF_UP), D("7").quantize(D("0.001")), D("-1.11").quantize(D(".1"), ROUND_CEILING), D("-1.11").quantize(D(".1"), ROUND_FLOOR))
print(repr(D("0.1")), str(D("1E+3")), D("0.000001"), D("0.0000001"), D("1e-7"), D(0.1), D(2.5), D(-0), D("-0"), D("123.4500"), D(10) ** 3, D("1.2") ** 2)
print(D("1.0") == D("1"), D(1) == 1, D("0.1") == 0.1, D("0.5") == 0.5, D("2") > D("1.99"), D(3) < 4, sorted([D("3"), D("1.5"), D("2")]), max(D("1"), D("1.01")))
print(int(D("3.99")), int(D("-3.99")), float(D("1.1")), round(D("2.567"), 2), round(D("2.5")), round(D("3.5")), abs(D("-4.2")), -D("1.5"), +D("1.50"))
print(sum([D("0.1")] * 10), sum([D("0.1")] * 10) == D(1), D(1) + 2, 3 * D("1.5"), D("7") // D("2"), D("-7") % D("3"), D("7.5") % D("2"))
print(hash(D(5)) == hash(5), hash(D("5.0")) == hash(5), {D("1.0"): "x"}[D(1)], D("1.20").normalize(), D("0.00").normalize(), D(2).sqrt(), D(16).sqrt(), D("1.21").sqrt())
print(f"{D('1234.5678'):.2f}", f"{D('1234.5'):,.2f}", f"{D('3.14159'):10.3f}|", f"{D('0.125'):.2f}", f"{D('1.5')}", format(D("12.3"), ">8"))
getcontext().prec = 6; print(D(1) / D(7), D("123456789") + D(1)); getcontext().prec = 28
with localcontext() as ctx:
    ctx.prec = 3
    print(D(2) / D(3))
print(D(2) / D(3), getcontext().prec, D("1.30").as_tuple(), D("-0.5").as_integer_ratio())
for bad in ("abc", "1.2.3", ""):
    try: D(bad)
    except InvalidOperation: print("InvalidOperation")
try: D(1) / D(0)
except DivisionByZero: print("DivisionByZero")
try: D(1) / D(0)
except ZeroDivisionError: print("ZeroDivisionError")
try: D(1) + 1.5
except TypeError as e: print("TypeError")
""",
    # str methods beyond ASCII (c/hlc_unicode.c, tables generated from CPython at build time)
    "str_unicode": r"""
tests = ["ΣΑΣ ΟΔΟΣ", "straße", "ǆemal ǅ", "ﬁne ﬂow", "İstanbul", "ΌΣΟΣ.", "Σ", "aΣ'b", "hello wORLD ß ǳ", "ŉ", "ﬀ"]
for t in tests:
    print(t.upper(), t.lower(), t.title(), t.capitalize(), t.swapcase(), t.casefold())
    print(t.isupper(), t.islower(), t.istitle(), t.isalpha(), t.isprintable(), t.isidentifier())
print("é".encode("latin-1"), b"\xe9".decode("latin-1"), b"caf\xc3\xa9".decode())
for e in ["strict", "ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
    try: print("a€b😀".encode("ascii", e))
    except UnicodeEncodeError as x: print(type(x).__name__, x)
    try: print("a€éé".encode("latin-1", errors=e))
    except UnicodeEncodeError as x: print(type(x).__name__, x)
for b in [b"ab\xe9c", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xc3\xa9\xff", b"\xe2\x28\xa1"]:
    for e in ["strict", "ignore", "replace", "backslashreplace"]:
        try: print(repr(b.decode("utf-8", e)))
        except UnicodeDecodeError as x: print(type(x).__name__, x)
        try: print(repr(b.decode("ascii", errors=e)))
        except UnicodeDecodeError as x: print(type(x).__name__, x)
try: "x".encode("foo")
except LookupError as e: print(e)
print(isinstance(UnicodeDecodeError("x"), ValueError) if False else issubclass(UnicodeDecodeError, ValueError))
print(repr("a\u00a0b\u200bc\u2028 é 日本 \U0001f600 \ue000"))
print(b"abc".upper(), b"Hello".swapcase(), bytearray(b"ab").upper(), b"x y".title(), b" ".isspace(), b"\x1c".isspace(), "\x1c".isspace())
print("१२३".isdecimal(), "½".isnumeric(), "½".isdigit(), "①".isdigit())
for c in range(0x80, 0x3000, 7):
    ch = chr(c)
    r = (ch.upper(), ch.lower(), ch.title(), ch.casefold(), ch.isalpha(), ch.isdigit(), ch.isnumeric(), ch.isspace(), ch.isprintable())
    if c % 301 == 0:
        print(c, r)
""",
    # core objects (c/hlc_objects.c): __mro__, live __dict__, number attributes, unhashable, int(base=)
    "core_objects": r"""
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print([k.__name__ for k in D.__mro__], [k.__name__ for k in bool.__mro__], [k.__name__ for k in ValueError.__mro__])
class P:
    def __init__(self): self.x = 1; self.y = 2
p = P()
d = p.__dict__
print(d, d is p.__dict__)
d["z"] = 3; p.w = 4
print(p.z, d, vars(p), hasattr(p, "z"))
del p.x
print(d, "x" in d)
p.__dict__.clear(); print(p.__dict__, hasattr(p, "y"))
import copy
q = P(); q.__dict__; q.k = [1]
r = copy.deepcopy(q); print(r.__dict__, r.k is q.k)
object.__setattr__(q, "m", 5); print(q.m, q.__dict__)
print((5).real, (5).imag, (5).numerator, (5).denominator, (5).conjugate(), True.real, (2**70).real, (1.5).real, (1.5).imag, (0.75).as_integer_ratio(), (2.0).is_integer(), (-2.5).as_integer_ratio(), (1e300).as_integer_ratio()[1])
for bad in ([], {}, set(), bytearray()):
    try: hash(bad)
    except TypeError as e: print(e)
    try: {}[bad]
    except TypeError as e: print(e)
    try: {"a": 1}[bad]
    except TypeError as e: print(e)
    try: {bad}
    except TypeError as e: print(e)
print(hash(range(3)) is not None, hash((1, 2)) == hash((1, 2)), {frozenset([1]): 1})
print(int("1011", base=2), int("ff", 16), int(x="1") if False else 0)
try: int("1", bas=2)
except TypeError as e: print(e)
for x in [[(1, 2), (3,)], ["ab", "cde"]]:
    try: dict(x)
    except ValueError as e: print(e)
print(dict(["ab", (1, 2)]))
import sys
print(sys.version_info[:2] >= (3, 8), sys.version_info.major)
""",
}

TYPING_NAMES = (
    "Any Optional List Dict Tuple Set FrozenSet Union Callable Iterable Iterator Generator Sequence "
    "Mapping MutableMapping Type Literal ClassVar Final Annotated TypeVar Generic Protocol NamedTuple "
    "TypedDict cast overload TYPE_CHECKING NoReturn get_type_hints get_origin get_args"
).split()


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_cpython(name: str, sandbox: Sandbox) -> None:
    assert_matches_cpython(sandbox, SNIPPETS[name])


def test_typing_names_import(sandbox: Sandbox) -> None:
    code = f"from typing import {', '.join(TYPING_NAMES)}\nprint(List[int], Optional[str], Dict[str, Tuple[int, ...]])"
    assert_matches_cpython(sandbox, code)


def test_typing_namedtuple_and_typeddict_class_syntax(sandbox: Sandbox) -> None:
    code = (
        "from typing import NamedTuple, TypedDict, Optional\n"
        "class P(NamedTuple):\n    x: int\n    y: Optional[int] = None\n"
        "class Movie(TypedDict):\n    title: str\n    year: int\n"
        "p = P(1)\nprint(p, p.x, p._replace(y=2), p._asdict(), P._fields)\n"
        "m = Movie(title='Up', year=2009)\nprint(m, m['year'], Movie.__annotations__)\n"
    )
    assert_matches_cpython(sandbox, code)


def test_class_hooks_stay_off_ordinary_classes(sandbox: Sandbox) -> None:
    # The guest patch behind Enum's class-level iteration/len/[] must not make other classes
    # iterable or subscriptable; builtin generics (list[int]) and X | None work as annotations.
    code = (
        "class A: pass\n"
        "for expr in ('iter(A)', 'len(A)', 'A[0]'):\n"
        "    try:\n        eval(expr)\n        print(expr, 'ok')\n"
        "    except TypeError:\n        print(expr, 'TypeError')\n"
        "print(bool(A), A == A, {A: 1}[A], list[int] is not None, isinstance(3, int | str))\n"
    )
    assert_matches_cpython(sandbox, code)
