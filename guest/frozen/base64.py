"""base64 for the guest: standard, URL-safe, base32 and base16 encodings over bytes, as CPython's
(b64decode validates like CPython's binascii: non-alphabet characters are skipped unless
validate=True)."""

import binascii

try:
    _Error = binascii.Error
except AttributeError:

    class Error(ValueError):
        pass

    _Error = Error

__all__ = [
    "b64encode", "b64decode", "standard_b64encode", "standard_b64decode", "urlsafe_b64encode",
    "urlsafe_b64decode", "b32encode", "b32decode", "b16encode", "b16decode", "encodebytes",
    "decodebytes",
]

_B64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _bytes(s, name="argument"):
    if isinstance(s, str):
        try:
            return s.encode("ascii")
        except UnicodeError:
            raise ValueError("string argument should contain only ASCII characters")
    if isinstance(s, (bytes, bytearray, memoryview)):
        return bytes(s)
    raise TypeError("argument should be a bytes-like object or ASCII string, not '%s'" % type(s).__name__)


def b64encode(s, altchars=None):
    if not isinstance(s, (bytes, bytearray, memoryview)):
        raise TypeError("a bytes-like object is required, not '%s'" % type(s).__name__)
    out = binascii.b2a_base64(s)[:-1]
    if altchars is not None:
        out = out.replace(b"+", altchars[0:1]).replace(b"/", altchars[1:2])
    return out


def b64decode(s, altchars=None, validate=False):
    s = _bytes(s)
    if altchars is not None:
        altchars = _bytes(altchars)
        s = s.replace(altchars[0:1], b"+").replace(altchars[1:2], b"/")
    if validate:
        body = s.rstrip(b"=")
        for c in body:
            if c not in _B64:
                raise _Error("Non-base64 digit found")
    else:
        s = bytes(c for c in s if c in _B64 or c == 61)
    # CPython: data after the padding is ignored; incomplete input is an error
    n = 0
    for c in s:
        if c != 61:
            n += 1
    if n % 4 == 1:
        raise _Error(
            "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4" % n
        )
    body = bytes(c for c in s if c != 61)
    pad = (-len(body)) % 4
    if pad and s.count(b"=") < pad:
        raise _Error("Incorrect padding")
    return binascii.a2b_base64(body + b"=" * pad)


def standard_b64encode(s):
    return b64encode(s)


def standard_b64decode(s):
    return b64decode(s)


def urlsafe_b64encode(s):
    return b64encode(s).replace(b"+", b"-").replace(b"/", b"_")


def urlsafe_b64decode(s):
    s = _bytes(s).replace(b"-", b"+").replace(b"_", b"/")
    return b64decode(s)


def encodebytes(s):
    out = []
    s = bytes(s)
    for i in range(0, len(s), 57):
        out.append(binascii.b2a_base64(s[i:i + 57]))
    return b"".join(out)


def decodebytes(s):
    return binascii.a2b_base64(bytes(s))


_B32 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def b32encode(s):
    s = bytes(s)
    out = bytearray()
    for i in range(0, len(s), 5):
        chunk = s[i:i + 5]
        n = len(chunk)
        v = int.from_bytes(chunk + b"\0" * (5 - n), "big")
        enc = bytearray(_B32[(v >> (35 - 5 * j)) & 31] for j in range(8))
        keep = (8 * n + 4) // 5
        out += enc[:keep] + b"=" * (8 - keep)
    return bytes(out)


def b32decode(s, casefold=False, map01=None):
    s = _bytes(s)
    if map01 is not None:
        s = s.replace(b"0", b"O").replace(b"1", _bytes(map01))
    if casefold:
        s = s.upper()
    if len(s) % 8:
        raise _Error("Incorrect padding")
    out = bytearray()
    for i in range(0, len(s), 8):
        chunk = s[i:i + 8]
        body = chunk.rstrip(b"=")
        v = 0
        for c in body:
            j = _B32.find(bytes([c]))
            if j < 0:
                raise _Error("Non-base32 digit found")
            v = (v << 5) | j
        v <<= 5 * (8 - len(body))
        nbytes = {8: 5, 7: 4, 5: 3, 4: 2, 2: 1, 0: 0}.get(len(body))
        if nbytes is None:
            raise _Error("Incorrect padding")
        out += v.to_bytes(5, "big")[:nbytes]
    return bytes(out)


def b16encode(s):
    return binascii.hexlify(bytes(s)).upper()


def b16decode(s, casefold=False):
    s = _bytes(s)
    if casefold:
        s = s.upper()
    for c in s:
        if c not in b"0123456789ABCDEF":
            raise _Error("Non-base16 digit found")
    return binascii.unhexlify(s)
