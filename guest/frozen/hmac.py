"""hmac for the guest: new/HMAC (update, digest, hexdigest, copy), digest(), compare_digest."""

import hashlib

__all__ = ["new", "HMAC", "digest", "compare_digest"]


def _ctor(digestmod):
    if digestmod is None:
        raise TypeError("Missing required argument 'digestmod'.")
    if isinstance(digestmod, str):
        return lambda d=b"": hashlib.new(digestmod, d)
    return digestmod


class HMAC:
    def __init__(self, key, msg=None, digestmod=None):
        if not isinstance(key, (bytes, bytearray)):
            raise TypeError("key: expected bytes or bytearray, but got %r" % type(key).__name__)
        ctor = _ctor(digestmod)
        self._inner = ctor()
        self._outer = ctor()
        self.digest_size = self._inner.digest_size
        self.block_size = self._inner.block_size
        self.name = "hmac-" + self._inner.name
        key = bytes(key)
        if len(key) > self.block_size:
            key = ctor(key).digest()
        key = key + b"\0" * (self.block_size - len(key))
        self._outer.update(bytes(k ^ 0x5C for k in key))
        self._inner.update(bytes(k ^ 0x36 for k in key))
        if msg is not None:
            self.update(msg)

    def update(self, msg):
        self._inner.update(msg)

    def copy(self):
        c = object.__new__(HMAC)
        c._inner = self._inner.copy()
        c._outer = self._outer.copy()
        c.digest_size = self.digest_size
        c.block_size = self.block_size
        c.name = self.name
        return c

    def digest(self):
        h = self._outer.copy()
        h.update(self._inner.digest())
        return h.digest()

    def hexdigest(self):
        return self.digest().hex()


def new(key, msg=None, digestmod=None):
    return HMAC(key, msg, digestmod)


def digest(key, msg, digest):
    return HMAC(key, msg, digest).digest()


def compare_digest(a, b):
    if isinstance(a, str) != isinstance(b, str):
        raise TypeError("unsupported operand types(s) or combination of types: '%s' and '%s'"
                        % (type(a).__name__, type(b).__name__))
    if len(a) != len(b):
        return False
    r = 0
    for x, y in zip(a, b):
        r |= (ord(x) ^ ord(y)) if isinstance(x, str) else (x ^ y)
    return r == 0
