"""The gaps outside code found (issue 15), one line each, against this CPython: f-strings with
string literals in their expressions, dict views, Counter == dict, multi-argument set methods,
tuple step slices and slice(), dict(ChainMap), str.rsplit(None, n), exact int/float
comparisons. Every line runs in one real micro-VM and under CPython; both must print the same."""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox

LINES = {
    "fstring_strftime": "import datetime; d = datetime.datetime(2024, 1, 2, 3, 4); print(f\"{d.strftime('%H:%M')}\")",
    "fstring_colon_literal": "print(f\"{'a:b'}\", f\"{'}'}\", f'{\"x!r\"}', f\"{ {'a': 1}['a'] }\")",
    "fstring_get_default": "r = {'k': 'v'}; print(f\"{r['k']}: {r.get('k', 'none'):>4}|{len('a:b:c')}|{'ab'!r:>6}\")",
    "fstring_lambda_call": "print(f'{(lambda x: x * 2)(3)}', f'{3 != 4}', f\"{', '.join(['a', 'b'])}\")",
    "dict_view_len_bool": "d = {'a': 1, 'b': 2}; print(len(d.keys()), len(d.items()), bool({}.keys()), bool(d.values()))",
    "dict_view_set_ops": "d = {'a': 1, 'b': 2}; print(sorted(d.keys() & {'a'}), sorted(d.keys() | {'c'}), "
    "sorted(d.keys() - ['a']), sorted(d.items() - {('a', 1)}), sorted(d.keys() ^ ['b', 'c']))",
    "dict_view_compare": "d = {'a': 1}; print(d.keys() == {'a'}, {'a'} == d.keys(), d.items() == {('a', 1)}, "
    "d.keys() != {'b'}, ('a', 1) in d.items(), ('a', 2) in d.items(), d.keys() == ['a'])",
    "counter_eq_dict": "from collections import Counter; "
    "print(Counter('aab') == {'a': 2, 'b': 1}, {'a': 2, 'b': 1} == Counter('aab'), Counter('ab') != {'a': 1})",
    "set_methods_many_args": "print(set.intersection({1, 2}, {2, 3}, {2}), sorted({1}.union({2}, [3])), "
    "{1, 2, 3}.intersection({2, 3}, [3]), {1}.union(), frozenset({1}).union({2}, {3}))",
    "set_intersection_update_many": "s = {1, 2, 3}; s.intersection_update({2, 3}, [2]); print(s)",
    "tuple_step_slices": "t = (1, 2, 3, 4); print(t[::-1], t[::2], t[5:0:-1], t[-1:-3:-1])",
    "slice_objects": "s = slice(None, -1); print(s, [1, 2, 3][s], 'abcd'[slice(1, None, 2)], slice(3), slice(1, 2, 3).step)",
    "dict_of_chainmap": "from collections import ChainMap; print(dict(ChainMap({'a': 1}, {'b': 2, 'a': 3})))",
    "rsplit_whitespace": "print('a b c'.rsplit(None, 1), '  a b  c  '.rsplit(None, 1), ' a b'.rsplit(maxsplit=0), "
    "''.rsplit(None, 1), 'a\\tb\\nc'.rsplit(None, 1))",
    "int_float_exact": "print(10**25 == 1e25, 10**25 < 1e25, 2**53 + 1 > 2.0**53, 2**53 + 1 == float(2**53 + 1), "
    "10**400 > 1e308, 10**400 < float('inf'), float('nan') == 1, 1 == 1.0, -3 > -3.5, 1e25 > 10**25, 7 <= 7.0)",
}


@pytest.mark.parametrize("name", sorted(LINES))
def test_gap_matches_cpython(sandbox: Sandbox, name: str) -> None:
    assert_matches_cpython(sandbox, LINES[name])


MORE_LINES = {
    "sys_getsizeof": "import sys; print(sys.getsizeof(1), sys.getsizeof(0), sys.getsizeof(2**100), sys.getsizeof([]), "
    "sys.getsizeof([1, 2]), sys.getsizeof(''), sys.getsizeof('abc'), sys.getsizeof(()), sys.getsizeof({}), "
    "sys.getsizeof(1.5), sys.getsizeof(None), sys.getsizeof(True), sys.getsizeof('é'), sys.getsizeof(b'ab'))",
    "format_c_non_ascii": "print('{:c}'.format(233), '%c' % 8364, '{:>3c}'.format(65), '%c' % 'x')",
}


@pytest.mark.parametrize("name", sorted(MORE_LINES))
def test_more_gaps_match_cpython(sandbox: Sandbox, name: str) -> None:
    assert_matches_cpython(sandbox, MORE_LINES[name])


def test_left_out_on_purpose_as_documented(sandbox: Sandbox) -> None:
    """README: sys.argv, os.uname() and codecs beyond UTF-8/ASCII/Latin-1 are left out."""
    r = sandbox.run(
        "import sys, os\nprint(hasattr(sys, 'argv'), hasattr(os, 'uname'))\n"
        "try:\n    'x'.encode('shift_jis')\nexcept LookupError as e:\n    print(e)\n"
    )
    assert r.error is None, r.stderr
    assert r.stdout == "False False\nunknown encoding: shift_jis\n"
