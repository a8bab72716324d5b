"""Memory safety of buffer exports (issue 12, item 4a), judged against CPython.

Upstream MicroPython frees a bytearray's or array's items when it grows while a memoryview
still points at them: a use-after-free reachable from plain Python, which gave arbitrary
read/write of guest memory in five lines. CPython (and now the guest) refuses every resize while
an export exists with `BufferError: Existing exports of data: object cannot be re-sized`, and
allows it again once the view is gone. Each snippet runs in a real micro-VM and under this
CPython, and must print the same.
"""

from __future__ import annotations

import pytest
from differential import assert_matches_cpython

from hyperlight_codeact import Sandbox

# Every way to change the length of an exported bytearray / array.array.
RESIZES = [
    "b.extend(bytes(4096))",
    "b.append(1)",
    "b += bytes(100)",
    "b[0:1] = bytes(500)",
    "b[0:4] = b''",
    "b.extend(m)",
    "b[0:0] = m",
]


@pytest.mark.parametrize("resize", RESIZES)
def test_resizing_an_exported_bytearray_is_a_buffer_error(sandbox: Sandbox, resize: str) -> None:
    code = f"""
b = bytearray(b'abcdefgh' * 8)
m = memoryview(b)
try:
    {resize}
except BufferError as e:
    print('BufferError', e)
print(len(b), bytes(m[:8]), m[0] == b[0])
"""
    assert_matches_cpython(sandbox, code)


ARRAY_RESIZES = [
    "a.append(7)",
    "a.extend([1] * 1000)",
    "a += array.array('i', [1] * 100)",
    "a[0:1] = array.array('i', [1] * 50)",
]


@pytest.mark.parametrize("resize", ARRAY_RESIZES)
def test_resizing_an_exported_array_is_a_buffer_error(sandbox: Sandbox, resize: str) -> None:
    code = f"""
import array
a = array.array('i', range(16))
m = memoryview(a)
try:
    {resize}
except BufferError as e:
    print('BufferError', e)
print(len(a), m[3])
"""
    assert_matches_cpython(sandbox, code)


def test_views_of_views_slices_and_subclasses_count_as_exports(sandbox: Sandbox) -> None:
    code = """
class B(bytearray):
    pass
for make in (lambda b: memoryview(b), lambda b: memoryview(b)[2:5], lambda b: memoryview(memoryview(b))):
    for cls in (bytearray, B):
        b = cls(b'0123456789')
        v = make(b)
        try:
            b.extend(b'x' * 1000)
            print('resized')
        except BufferError as e:
            print('BufferError', e)
        print(bytes(v))
"""
    assert_matches_cpython(sandbox, code)


def test_resizing_works_again_once_the_view_is_gone(sandbox: Sandbox) -> None:
    code = """
b = bytearray(b'abc')
m = memoryview(b)
del m
b.extend(b'd' * 5000)
print(len(b), bytes(b[:5]))
def view_in_a_function(b):
    return memoryview(b)[0]
for i in range(50):
    view_in_a_function(b)
    b.append(i)
print(len(b))
"""
    assert_matches_cpython(sandbox, code)


def test_the_use_after_free_exploit_no_longer_works(sandbox: Sandbox) -> None:
    # The exploit from the issue: grow the viewed bytearray so its items are freed, place a
    # new bytearray header on the freed block, and rewrite it through the stale view.
    exploit = """
b = bytearray(32)
m = memoryview(b)
b.extend(bytes(4096))
victim = [bytearray(8) for _ in range(64)]
m[8:16] = (2**63 - 1).to_bytes(8, 'little')
print('arbitrary read/write:', any(len(v) > 8 for v in victim))
"""
    r = sandbox.run(exploit)
    assert not r.success
    assert r.error == "BufferError: Existing exports of data: object cannot be re-sized", r
    assert "arbitrary" not in r.stdout


def test_an_iterable_longer_than_its_len_does_not_overflow(sandbox: Sandbox) -> None:
    # bytearray(x)/array(t, x) allocated __len__() items and wrote every item x yielded.
    code = """
import array
class Liar:
    def __len__(self):
        return 1
    def __iter__(self):
        return iter(range(200))
b = bytearray(Liar())
a = array.array('q', Liar())
print(len(b), sum(b), len(a), sum(a))
"""
    assert_matches_cpython(sandbox, code)


def test_struct_pack_into_refuses_a_resize_during_conversion(sandbox: Sandbox) -> None:
    # A value's __index__/__int__ runs while pack_into holds a pointer into the target buffer.
    code = """
import struct
b = bytearray(8)
class Evil:
    def __index__(self):
        b.extend(bytes(100000))
        return 1
    def __int__(self):
        b.extend(bytes(100000))
        return 1
try:
    struct.pack_into('<q', b, 0, Evil())
    print('packed', len(b))
except BufferError as e:
    print('BufferError', e)
print(len(b), bytes(b))
"""
    assert_matches_cpython(sandbox, code)


def test_a_stream_method_cannot_keep_the_buffer_it_was_lent(sandbox: Sandbox) -> None:
    # io.IOBase write gets a copy of a C buffer (CPython passes a str to a text stream's
    # write); whatever the method keeps must not reach that memory afterwards.
    code = """
import io
kept = []
class Sink(io.IOBase):
    def write(self, buf):
        kept.append(buf)
        return len(buf)
print('x' * 50, file=Sink())
print(len(kept) > 0, all(isinstance(k, (str, bytes)) for k in kept))
"""
    assert_matches_cpython(sandbox, code)
