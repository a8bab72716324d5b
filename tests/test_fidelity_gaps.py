"""More gaps outside code found (issue 15), one reproducer each, against this CPython: dunder
methods of built-in types, str.format_map, a dict subclass's __missing__, argument-error wording,
built-in function reprs, hash(''), str(bytes, encoding), super().__new__ on an int subclass.
Every snippet runs in one real micro-VM and under CPython; both must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox


def _catch(call: str) -> str:
    """A line printing the TypeError message `call` raises."""
    return f"try:\n    {call}\nexcept TypeError as e:\n    print(e)\n"


SNIPPETS = {
    # dunder methods of built-in types (CPython's vars(T))
    "dunder_binary": "print(list.__add__([1], [2]), [1].__add__([3]), (1).__add__(2), (5).__sub__(1), "
    "(5).__rsub__(1), 'ab'.__mul__(2), [1].__rmul__(2), float.__add__(1.5, 2), (2).__pow__(10), (7).__divmod__(2))",
    "dunder_not_implemented": "print((1).__add__(1.5), (1).__eq__(1.0), (1.5).__eq__(1))\n" + _catch("'a'.__add__(1)"),
    "dunder_compare": "print('x'.__eq__('x'), 'x'.__ne__('y'), (2).__lt__(3), (3).__ge__(3), [1].__eq__([1]), (1, 2).__lt__((1, 3)))",
    "dunder_container": "print([].__contains__(1), [1].__contains__(1), dict.__contains__({1: 2}, 1), 'abc'.__contains__('b'), "
    "[5, 6].__getitem__(1), dict.__getitem__({'a': 1}, 'a'), str.__len__('abc'), {'a': 1}.__len__(), set.__len__({1}), "
    "tuple.__len__((1, 2)), range(5).__len__(), list(range(3).__iter__()))",
    "dunder_unary": "print((5).__neg__(), (-5).__abs__(), (5).__invert__(), (2.5).__int__(), (3).__float__(), (3).__index__(), "
    "(2.675).__round__(2), (0).__bool__(), (5).__repr__(), 'a'.__str__(), 'ab'.__repr__(), (255).__format__('x'), "
    "(1, 2).__hash__() == hash((1, 2)), ''.__hash__())",
    "dunder_mutating": "a = [1, 2]; a.__setitem__(0, 9); a.__delitem__(1); d = {}; dict.__setitem__(d, 'k', 1); "
    "r = a.__iadd__([3]); s = {1}; s.__ior__({2}); print(a, d, r is a, s)",
    "dunder_hasattr": "print(hasattr([], '__len__'), hasattr(1, '__len__'), hasattr({}, '__getitem__'), hasattr(1, '__add__'), "
    "hasattr('', '__iter__'), hasattr(1, '__iter__'), hasattr(set(), '__getitem__'), callable(list.__add__))",
    "dunder_descriptor_errors": _catch("list.__add__(1, [2])") + _catch("list.__len__()") + _catch("[].__len__(1)"),
    "dunder_subclass_super": "class D(dict):\n    def __getitem__(self, k):\n        return super().__getitem__(k) * 2\n"
    "    def __setitem__(self, k, v):\n        dict.__setitem__(self, k, v + 1)\n"
    "class L(list):\n    def __len__(self):\n        return list.__len__(self) + 100\n"
    "d = D(); d['a'] = 1; l = L([1, 2])\nprint(d['a'], len(l), L.__add__(l, [3]), l.__contains__(2), D.__len__(d))",
    "dunder_repr": "print(list.__add__, type(list.__add__).__name__, list.__len__.__name__)",
    # str.format_map
    "format_map": "class D(dict):\n    def __missing__(self, k):\n        return '?' + k\n"
    "print('{a}-{b}'.format_map({'a': 1, 'b': 2}), '{a}{z}'.format_map(D(a=1)), '{x[0]} {y.real}'.format_map({'x': [7], 'y': 3}))\n"
    "try:\n    '{q}'.format_map({})\nexcept KeyError as e:\n    print(repr(e))",
    # a dict subclass's __missing__
    "dict_missing": "class D(dict):\n    def __missing__(self, k):\n        return k * 2\n"
    "d = D(a=1)\nprint(d['a'], d['x'], 'x' in d, d.get('y'), len(d), dict.get(d, 'a'))\n"
    "class E(dict):\n    pass\ntry:\n    E()['k']\nexcept KeyError as e:\n    print(repr(e))",
    # CPython's argument-error wording
    "args_too_many": "def f(a, b): pass\ndef g(a, b=1): pass\ndef h(): pass\ndef k(a): pass\n"
    + _catch("f(1, 2, 3)")
    + _catch("g(1, 2, 3)")
    + _catch("h(1)")
    + _catch("k(1, 2)"),
    "args_missing": "def f(x): pass\ndef g(x, y, z): pass\ndef h(a, b, c=3): pass\ndef k(*, key): pass\n"
    "def m(a, *, p, q=1, r): pass\n"
    + _catch("f()")
    + _catch("g(1)")
    + _catch("g()")
    + _catch("h(c=1)")
    + _catch("k()")
    + _catch("m(1, q=2)"),
    "args_keywords": "def f(a, b): pass\ndef g(a, **kw): return kw\n"
    + _catch("f(1, 2, c=3)")
    + _catch("f(1, a=2)")
    + "print(g(1, b=2))\n",
    "args_method_names": "class A:\n    def m(self, x): pass\n    @classmethod\n    def c(cls, y): pass\n"
    "    @staticmethod\n    def s(z): pass\nclass B(A): pass\n"
    + _catch("A().m()")
    + _catch("A().m(1, 2)")
    + _catch("B().m(x=1, y=2)")
    + _catch("A.c()")
    + _catch("B().m()"),
    "args_positional_only": "def f(a, /, b):\n    return a + b\ndef g(a, /, **kw):\n    return a, kw\n"
    "def h(x, y, /, z=0):\n    return x * y + z\n"
    "print(f(1, b=2), f(1, 2), g(1, a=2), h(2, 3, z=1), (lambda p, /: p)(4))\n"
    + _catch("f(a=1, b=2)")
    + _catch("h(2, y=3)")
    + _catch("h()"),
    # built-in functions
    "builtin_function_repr": "import math\nprint(type(print).__name__, repr(print), repr(len), type(len), len.__name__, "
    "repr(math.sqrt), math.sqrt.__name__, str(sorted))",
    # hash('') and str(bytes, encoding)
    "hash_empty": "print(hash(''), hash(b''), ''.__hash__(), hash(()))",
    "str_of_bytes_encoding": "print(str(b'\\xe9t\\xe9', 'latin1'), str(b'caf\\xc3\\xa9', 'utf-8'), str(b'ab', encoding='ascii'), "
    "str(b'a\\xffb', 'utf-8', 'replace'), str(bytearray(b'xy'), 'ascii'))",
    # super(N, cls).__new__(cls, v) on an int subclass (crashed the guest: #GP)
    "int_subclass_new": "class N(int):\n    def __new__(cls, v):\n        return super(N, cls).__new__(cls, v * 2)\n"
    "class S(str):\n    def __new__(cls, v):\n        return super().__new__(cls, v.upper())\n"
    "print(N(5), N(5) + 1, type(N(5)).__name__, isinstance(N(1), int), S('ab'), S('ab') + 'c', len(S('xyz')))",
    # namedtuple as a tuple subclass (mp-basics namedtuple1.py)
    "namedtuple_is_tuple": "from collections import namedtuple\nP = namedtuple('P', 'x y')\np = P(1, y=2)\n"
    "print(isinstance(p, tuple), '%d %d' % p, p, p.x, p[1], tuple(p), p + (3,), len(p), p == (1, 2), hash(p) == hash((1, 2)), "
    "p._replace(x=5), P._make([3, 4]), p._asdict(), sorted([P(2, 1), P(1, 2)]), p.count(1), p.index(2), p + p, (0,) + p, p * 2)",
    "namedtuple_subclass_defaults": "from collections import namedtuple\n"
    "class Q(namedtuple('Q', 'a b', defaults=[0])):\n    def total(self):\n        return self.a + self.b\n"
    "q = Q(4)\nprint(q, q.total(), isinstance(q, tuple), q._fields, '{} {}'.format(*q))\n"
    + _catch("Q()")
    + _catch("Q(1, 2, 3)"),
    "typing_namedtuple": "from typing import NamedTuple\nclass R(NamedTuple):\n    x: int\n    y: int = 7\n"
    "print(R(1), R(1, 2).y, R(x=3)._asdict())",
    # already right on main when checked; kept as reproducers
    "walrus_in_comprehension": "ys = [y for x in range(4) if (y := x * 2)]\nprint(ys, y, [(z := i) for i in 'ab'], z)",
    "json_error_position": "import json\nfor s in ('{,}', '[1,]', '{\"a\" 1}', ''):\n    try:\n        json.loads(s)\n"
    "    except ValueError as e:\n        print(type(e).__name__, e, e.pos, e.lineno, e.colno)",
    # a while condition that raises: the traceback names the condition's line
    "while_condition_line": "import traceback\ndef f():\n    x = 0\n    while 1 // x:\n        pass\n"
    "def g():\n    n = 3\n    while n:\n        n -= 1\n        if n == 0:\n            n = None\n    while n + 1:\n        pass\n"
    "for fn in (f, g):\n    try:\n        fn()\n    except Exception:\n"
    "        print([ln.split(', ')[1] for ln in traceback.format_exc().splitlines() if ln.strip().startswith('File')])",
    "while_semantics": "i = 0\nwhile i < 5:\n    i += 1\n    if i == 2:\n        continue\n    if i == 4:\n        break\nelse:\n"
    "    print('no')\nj = 0\nwhile j < 2:\n    j += 1\nelse:\n    print('else', j)\nprint(i)",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
def test_snippet_matches_cpython(sandbox: Sandbox, name: str) -> None:
    assert_matches_cpython(sandbox, SNIPPETS[name])
