"""fractions for the guest: Fraction as CPython's (exact arithmetic with ints, floats and other
Fractions, comparisons, hashing equal to the equal int/float, parsing "3/4", "0.75", "1e-3",
from_float, from_decimal, limit_denominator, as_integer_ratio, round, floor/ceil)."""

import math

__all__ = ["Fraction"]

_HASH_MODULUS = (1 << 61) - 1
_HASH_INF = 314159


def _float_ratio(f):
    if f != f:
        raise ValueError("cannot convert NaN to integer ratio")
    if f in (float("inf"), float("-inf")):
        raise OverflowError("cannot convert Infinity to integer ratio")
    m, e = math.frexp(f)
    n = 0
    while m != int(m):
        m *= 2.0
        e -= 1
        n += 1
    num = int(m)
    if e >= 0:
        return num << e, 1
    return num, 1 << -e


def _parse(s):
    t = s.strip().replace("_", "")
    if not t:
        raise ValueError("Invalid literal for Fraction: %r" % s)
    sign = 1
    if t[0] in "+-":
        if t[0] == "-":
            sign = -1
        t = t[1:]
    if "/" in t:
        a, b = t.split("/", 1)
        if not (a.isdigit() and b.strip().isdigit()) or a != a.strip():
            raise ValueError("Invalid literal for Fraction: %r" % s)
        den = int(b)
        if den == 0:
            raise ZeroDivisionError("Fraction(%s, 0)" % a)
        return sign * int(a), den
    exp = 0
    low = t.lower()
    if "e" in low:
        low, e = low.split("e", 1)
        try:
            exp = int(e)
        except ValueError:
            raise ValueError("Invalid literal for Fraction: %r" % s)
    if "." in low:
        ip, fp = low.split(".", 1)
    else:
        ip, fp = low, ""
    if not (ip or fp) or (ip and not ip.isdigit()) or (fp and not fp.isdigit()):
        raise ValueError("Invalid literal for Fraction: %r" % s)
    num = int(ip + fp) if (ip + fp) else 0
    den = 10 ** len(fp)
    if exp >= 0:
        num *= 10 ** exp
    else:
        den *= 10 ** -exp
    return sign * num, den


class Fraction:
    def __init__(self, numerator=0, denominator=None, *, _normalize=True):
        if denominator is None:
            if type(numerator) is int or isinstance(numerator, int):
                n, d = int(numerator), 1
            elif isinstance(numerator, Fraction):
                n, d = numerator._n, numerator._d
            elif isinstance(numerator, float):
                n, d = _float_ratio(numerator)
            elif isinstance(numerator, str):
                n, d = _parse(numerator)
            elif hasattr(numerator, "as_integer_ratio"):
                n, d = numerator.as_integer_ratio()
            else:
                raise TypeError("argument should be a string or a Rational instance")
        else:
            if isinstance(numerator, int) and isinstance(denominator, int):
                n, d = int(numerator), int(denominator)
            elif isinstance(numerator, (int, Fraction)) and isinstance(denominator, (int, Fraction)):
                a = Fraction(numerator)
                b = Fraction(denominator)
                n, d = a._n * b._d, a._d * b._n
            else:
                raise TypeError("both arguments should be Rational instances")
            if d == 0:
                raise ZeroDivisionError("Fraction(%s, 0)" % n)
        if _normalize:
            g = math.gcd(n, d)
            if d < 0:
                g = -g
            n //= g
            d //= g
        self._n = n
        self._d = d

    @classmethod
    def _new(cls, n, d):
        f = object.__new__(cls)
        f._n = n
        f._d = d
        return f

    @classmethod
    def from_float(cls, f):
        if isinstance(f, int):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError("%s.from_float() only takes floats, not %r (%s)" % (cls.__name__, f, type(f).__name__))
        return cls(*_float_ratio(f))

    @classmethod
    def from_decimal(cls, dec):
        return cls(str(dec))

    @property
    def numerator(self):
        return self._n

    @property
    def denominator(self):
        return self._d

    def as_integer_ratio(self):
        return (self._n, self._d)

    def is_integer(self):
        return self._d == 1

    def limit_denominator(self, max_denominator=1000000):
        if max_denominator < 1:
            raise ValueError("max_denominator should be at least 1")
        if self._d <= max_denominator:
            return Fraction(self)
        p0, q0, p1, q1 = 0, 1, 1, 0
        n, d = self._n, self._d
        while True:
            a = n // d
            q2 = q0 + a * q1
            if q2 > max_denominator:
                break
            p0, q0, p1, q1 = p1, q1, p0 + a * p1, q2
            n, d = d, n - a * d
        k = (max_denominator - q0) // q1
        if 2 * d * (q0 + k * q1) <= self._d:
            return Fraction._new(p1, q1)
        return Fraction._new(p0 + k * p1, q0 + k * q1)

    def __repr__(self):
        return "Fraction(%d, %d)" % (self._n, self._d)

    def __str__(self):
        if self._d == 1:
            return str(self._n)
        return "%d/%d" % (self._n, self._d)

    def __format__(self, spec):
        if not spec:
            return str(self)
        return format(float(self), spec)

    def _coerce(self, other):
        if isinstance(other, Fraction):
            return other
        if isinstance(other, int):
            return Fraction._new(int(other), 1)
        return None

    def __add__(self, other):
        o = self._coerce(other)
        if o is not None:
            return Fraction(self._n * o._d + o._n * self._d, self._d * o._d)
        if isinstance(other, (float, complex)):
            return float(self) + other
        return NotImplemented

    def __radd__(self, other):
        o = self._coerce(other)
        if o is not None:
            return o + self
        if isinstance(other, (float, complex)):
            return other + float(self)
        return NotImplemented

    def __sub__(self, other):
        o = self._coerce(other)
        if o is not None:
            return Fraction(self._n * o._d - o._n * self._d, self._d * o._d)
        if isinstance(other, (float, complex)):
            return float(self) - other
        return NotImplemented

    def __rsub__(self, other):
        o = self._coerce(other)
        if o is not None:
            return o - self
        if isinstance(other, (float, complex)):
            return other - float(self)
        return NotImplemented

    def __mul__(self, other):
        o = self._coerce(other)
        if o is not None:
            return Fraction(self._n * o._n, self._d * o._d)
        if isinstance(other, (float, complex)):
            return float(self) * other
        return NotImplemented

    def __rmul__(self, other):
        return self.__mul__(other)

    def __truediv__(self, other):
        o = self._coerce(other)
        if o is not None:
            if o._n == 0:
                raise ZeroDivisionError("Fraction(%s, 0)" % (self._n * o._d))
            return Fraction(self._n * o._d, self._d * o._n)
        if isinstance(other, (float, complex)):
            return float(self) / other
        return NotImplemented

    def __rtruediv__(self, other):
        o = self._coerce(other)
        if o is not None:
            return o / self
        if isinstance(other, (float, complex)):
            return other / float(self)
        return NotImplemented

    def __floordiv__(self, other):
        o = self._coerce(other)
        if o is not None:
            return (self._n * o._d) // (self._d * o._n)
        if isinstance(other, float):
            return float(self) // other
        return NotImplemented

    def __rfloordiv__(self, other):
        o = self._coerce(other)
        if o is not None:
            return o // self
        if isinstance(other, float):
            return other // float(self)
        return NotImplemented

    def __mod__(self, other):
        o = self._coerce(other)
        if o is not None:
            return Fraction((self._n * o._d) % (o._n * self._d), self._d * o._d)
        if isinstance(other, float):
            return float(self) % other
        return NotImplemented

    def __rmod__(self, other):
        o = self._coerce(other)
        if o is not None:
            return o % self
        if isinstance(other, float):
            return other % float(self)
        return NotImplemented

    def __divmod__(self, other):
        return (self // other, self % other)

    def __pow__(self, other):
        if isinstance(other, int):
            if other >= 0:
                return Fraction._new(self._n ** other, self._d ** other)
            if self._n == 0:
                raise ZeroDivisionError("Fraction(%s, 0)" % (self._d ** -other))
            if self._n > 0:
                return Fraction._new(self._d ** -other, self._n ** -other)
            return Fraction._new((-self._d) ** -other, (-self._n) ** -other)
        if isinstance(other, Fraction) and other._d == 1:
            return self ** other._n
        return float(self) ** float(other)

    def __rpow__(self, other):
        if self._d == 1 and self._n >= 0:
            return other ** self._n
        if isinstance(other, int):
            return Fraction(other) ** self
        return other ** float(self)

    def __pos__(self):
        return Fraction._new(self._n, self._d)

    def __neg__(self):
        return Fraction._new(-self._n, self._d)

    def __abs__(self):
        return Fraction._new(abs(self._n), self._d)

    def __int__(self):
        if self._n < 0:
            return -(-self._n // self._d)
        return self._n // self._d

    def __trunc__(self):
        return self.__int__()

    def __floor__(self):
        return self._n // self._d

    def __ceil__(self):
        return -(-self._n // self._d)

    def __round__(self, ndigits=None):
        if ndigits is None:
            floor, rem = divmod(self._n, self._d)
            if rem * 2 < self._d:
                return floor
            if rem * 2 > self._d:
                return floor + 1
            return floor if floor % 2 == 0 else floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction(round(self * shift), shift)
        return Fraction(round(self / shift) * shift)

    def __float__(self):
        return self._n / self._d

    def __bool__(self):
        return self._n != 0

    def __hash__(self):
        try:
            dinv = pow(self._d, _HASH_MODULUS - 2, _HASH_MODULUS)
        except ValueError:
            dinv = 0
        if not dinv:
            h = _HASH_INF
        else:
            h = (abs(self._n) % _HASH_MODULUS) * dinv % _HASH_MODULUS
        h = h if self._n >= 0 else -h
        return -2 if h == -1 else h

    def _cmp(self, other):
        o = self._coerce(other)
        if o is not None:
            a = self._n * o._d
            b = o._n * self._d
            return (a > b) - (a < b)
        if isinstance(other, float):
            if other != other or other in (float("inf"), float("-inf")):
                return None
            return self._cmp(Fraction(other))
        return NotImplemented

    def __eq__(self, other):
        if isinstance(other, float) and (other != other or other in (float("inf"), float("-inf"))):
            return False
        c = self._cmp(other)
        if c is NotImplemented:
            return NotImplemented
        return c == 0

    def __lt__(self, other):
        if isinstance(other, float) and other in (float("inf"), float("-inf")):
            return other > 0
        c = self._cmp(other)
        return c if c is NotImplemented else (c is not None and c < 0)

    def __le__(self, other):
        if isinstance(other, float) and other in (float("inf"), float("-inf")):
            return other > 0
        c = self._cmp(other)
        return c if c is NotImplemented else (c is not None and c <= 0)

    def __gt__(self, other):
        if isinstance(other, float) and other in (float("inf"), float("-inf")):
            return other < 0
        c = self._cmp(other)
        return c if c is NotImplemented else (c is not None and c > 0)

    def __ge__(self, other):
        if isinstance(other, float) and other in (float("inf"), float("-inf")):
            return other < 0
        c = self._cmp(other)
        return c if c is NotImplemented else (c is not None and c >= 0)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self
