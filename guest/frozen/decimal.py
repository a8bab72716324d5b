"""decimal basics for the guest: Decimal (from str/int/float), + - * / // %, comparison, quantize,
rounding modes, str/repr/format as CPython; a context with prec and rounding (getcontext,
localcontext). Special values NaN/Infinity are parsed and printed but not computed with."""

ROUND_DOWN = "ROUND_DOWN"
ROUND_HALF_UP = "ROUND_HALF_UP"
ROUND_HALF_EVEN = "ROUND_HALF_EVEN"
ROUND_CEILING = "ROUND_CEILING"
ROUND_FLOOR = "ROUND_FLOOR"
ROUND_UP = "ROUND_UP"
ROUND_HALF_DOWN = "ROUND_HALF_DOWN"
ROUND_05UP = "ROUND_05UP"


class DecimalException(ArithmeticError):
    pass


class InvalidOperation(DecimalException):
    pass


class ConversionSyntax(InvalidOperation):
    pass


class DivisionByZero(ZeroDivisionError):
    # CPython's also derives from DecimalException; MicroPython allows one builtin base
    pass


class DivisionUndefined(InvalidOperation):
    pass


class Inexact(DecimalException):
    pass


class Rounded(DecimalException):
    pass


class Overflow(Inexact):
    pass


class Context:
    def __init__(self, prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999, capitals=1, clamp=0,
                 flags=None, traps=None):
        self.prec = prec
        self.rounding = rounding
        self.Emin = Emin
        self.Emax = Emax
        self.capitals = capitals
        self.clamp = clamp

    def copy(self):
        return Context(self.prec, self.rounding, self.Emin, self.Emax, self.capitals, self.clamp)

    def __repr__(self):
        return ("Context(prec=%d, rounding=%s, Emin=%d, Emax=%d, capitals=%d, clamp=%d, flags=[], "
                "traps=[InvalidOperation, DivisionByZero, Overflow])" % (
                    self.prec, self.rounding, self.Emin, self.Emax, self.capitals, self.clamp))

    def create_decimal(self, v="0"):
        return Decimal(v)._fix(self)


DefaultContext = Context()
BasicContext = Context(prec=9, rounding=ROUND_HALF_UP)
ExtendedContext = Context(prec=9)
_ctx = [DefaultContext.copy()]


def getcontext():
    return _ctx[0]


def setcontext(c):
    _ctx[0] = c


class _LocalContext:
    def __init__(self, ctx):
        self.new = ctx.copy() if ctx is not None else getcontext().copy()

    def __enter__(self):
        self.saved = getcontext()
        setcontext(self.new)
        return self.new

    def __exit__(self, *exc):
        setcontext(self.saved)


def localcontext(ctx=None, **kwargs):
    lc = _LocalContext(ctx)
    for k, v in kwargs.items():
        setattr(lc.new, k, v)
    return lc


def _round_coeff(sign, coeff, drop, rounding):
    """coeff with its last `drop` digits removed, rounded per `rounding`."""
    if drop <= 0:
        return coeff * 10 ** (-drop)
    p = 10 ** drop
    q, r = divmod(coeff, p)
    if r == 0:
        return q
    half = p // 2 if p > 1 else 0
    if rounding == ROUND_DOWN:
        up = False
    elif rounding == ROUND_UP:
        up = True
    elif rounding == ROUND_HALF_UP:
        up = r * 2 >= p
    elif rounding == ROUND_HALF_DOWN:
        up = r * 2 > p
    elif rounding == ROUND_HALF_EVEN:
        up = r * 2 > p or (r * 2 == p and q % 2 == 1)
    elif rounding == ROUND_CEILING:
        up = not sign
    elif rounding == ROUND_FLOOR:
        up = bool(sign)
    elif rounding == ROUND_05UP:
        up = q % 10 in (0, 5)
    else:
        raise ValueError("invalid rounding mode")
    return q + 1 if up else q


_POW10 = {}  # prec -> 10 ** prec
_PARSED = {}  # str -> (sign, coeff, exp, special) of a recently parsed valid string (immutable)


class Decimal:
    def __init__(self, value="0", context=None):
        if type(value) is str:
            p = _PARSED.get(value)
            if p is None:
                self._special = None
                self._parse(value)
                if len(_PARSED) >= 256:
                    _PARSED.clear()
                _PARSED[value] = (self._sign, self._coeff, self._exp, self._special)
            else:
                self._special = p[3]
                self._sign, self._coeff, self._exp = p[0], p[1], p[2]
            return
        self._special = None
        if isinstance(value, Decimal):
            self._sign, self._coeff, self._exp, self._special = value._sign, value._coeff, value._exp, value._special
        elif isinstance(value, bool):
            self._set_int(int(value))
        elif isinstance(value, int):
            self._set_int(value)
        elif isinstance(value, float):
            self._set_float(value)
        elif isinstance(value, str):
            self._parse(value)
        elif isinstance(value, (tuple, list)):
            sign, digits, exp = value
            self._sign = sign
            self._coeff = int("".join(str(d) for d in digits) or "0")
            self._exp = exp
        else:
            raise TypeError("conversion from %s to Decimal is not supported" % type(value).__name__)

    def _set_int(self, v):
        self._sign = 1 if v < 0 else 0
        self._coeff = -v if v < 0 else v
        self._exp = 0

    def _set_float(self, f):
        if f != f:
            self._sign, self._coeff, self._exp, self._special = 0, 0, 0, "NaN"
            return
        if f in (float("inf"), float("-inf")):
            self._sign, self._coeff, self._exp, self._special = (1 if f < 0 else 0), 0, 0, "Infinity"
            return
        import math
        sign = 1 if math.copysign(1.0, f) < 0 else 0
        f = abs(f)
        m, e = math.frexp(f)
        n = int(m * 9007199254740992.0)
        e -= 53
        if n == 0:
            self._sign, self._coeff, self._exp = sign, 0, 0
            return
        while n % 2 == 0 and e < 0:
            n //= 2
            e += 1
        if e >= 0:
            self._sign, self._coeff, self._exp = sign, n << e, 0
        else:
            # n / 2**k == n * 5**k / 10**k
            self._sign, self._coeff, self._exp = sign, n * 5 ** (-e), e

    def _parse(self, s):
        t = s.strip().replace("_", "")
        sign = 0
        if t[:1] in ("+", "-"):
            sign = 1 if t[0] == "-" else 0
            t = t[1:]
        low = t.lower()
        if low in ("inf", "infinity"):
            self._sign, self._coeff, self._exp, self._special = sign, 0, 0, "Infinity"
            return
        if low in ("nan", "snan"):
            self._sign, self._coeff, self._exp, self._special = sign, 0, 0, "NaN"
            return
        exp = 0
        if "e" in low:
            low, _, es = low.partition("e")
            if not es or not (es.lstrip("+-").isdigit()) or es.count("-") + es.count("+") > 1 or es[1:].lstrip("0123456789"):
                raise InvalidOperation([ConversionSyntax])
            exp = int(es)
        intpart, dot, frac = low.partition(".")
        digits = intpart + frac
        if not digits or digits.strip("0123456789"):
            raise InvalidOperation([ConversionSyntax])
        self._sign = sign
        self._coeff = int(digits)
        self._exp = exp - len(frac)

    # ---- helpers ----
    @classmethod
    def _make(cls, sign, coeff, exp):
        d = object.__new__(cls)
        d._special = None
        d._sign = sign
        d._coeff = coeff
        d._exp = exp
        return d

    def _fix(self, ctx=None):
        if self._special:
            return self
        ctx = ctx or getcontext()
        prec = ctx.prec
        limit = _POW10.get(prec)
        if limit is None and type(prec) is int and prec > 0:
            limit = _POW10[prec] = 10 ** prec
        if limit is not None and self._coeff < limit:  # at most prec digits
            return self
        nd = len(str(self._coeff))
        if nd <= prec:
            return self
        drop = nd - ctx.prec
        c = _round_coeff(self._sign, self._coeff, drop, ctx.rounding)
        e = self._exp + drop
        if len(str(c)) > ctx.prec:
            c //= 10
            e += 1
        return Decimal._make(self._sign, c, e)

    def _value(self):
        return -self._coeff if self._sign else self._coeff

    @staticmethod
    def _conv(other, op=None, self_=None):
        if isinstance(other, Decimal):
            return other
        if isinstance(other, bool) or isinstance(other, int):
            return Decimal(int(other))
        return None

    def _check_special(self, other):
        if self._special or other._special:
            raise InvalidOperation("arithmetic on NaN/Infinity is not supported here")

    # ---- arithmetic ----
    def __add__(self, other):
        o = other if isinstance(other, Decimal) else self._conv(other)
        if o is None:
            return NotImplemented
        if self._special or o._special:
            self._check_special(o)
        se, oe = self._exp, o._exp
        sv = -self._coeff if self._sign else self._coeff
        ov = -o._coeff if o._sign else o._coeff
        if se == oe:
            e = se
            v = sv + ov
        else:
            e = se if se < oe else oe
            v = sv * 10 ** (se - e) + ov * 10 ** (oe - e)
        if v == 0:
            sign = 1 if self._sign and o._sign or (getcontext().rounding == ROUND_FLOOR and (self._sign or o._sign)) else 0
            return Decimal._make(sign, 0, e)
        return Decimal._make(1 if v < 0 else 0, abs(v), e)._fix()

    __radd__ = __add__

    def __sub__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return self.__add__(o.__neg__(True))

    def __rsub__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return o.__sub__(self)

    def __mul__(self, other):
        o = other if isinstance(other, Decimal) else self._conv(other)
        if o is None:
            return NotImplemented
        if self._special or o._special:
            self._check_special(o)
        return Decimal._make(self._sign ^ o._sign, self._coeff * o._coeff, self._exp + o._exp)._fix()

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        self._check_special(o)
        sign = self._sign ^ o._sign
        if not o._coeff:
            if not self._coeff:
                raise DivisionUndefined([DivisionUndefined])
            raise DivisionByZero([DivisionByZero])
        ideal = self._exp - o._exp
        if not self._coeff:
            return Decimal._make(sign, 0, ideal)
        prec = getcontext().prec
        shift = len(str(o._coeff)) - len(str(self._coeff)) + prec + 1
        exp = self._exp - o._exp - shift
        if shift >= 0:
            coeff, rem = divmod(self._coeff * 10 ** shift, o._coeff)
        else:
            coeff, rem = divmod(self._coeff, o._coeff * 10 ** (-shift))
        if rem:
            if coeff % 5 == 0:
                coeff += 1
        else:
            while exp < ideal and coeff % 10 == 0:
                coeff //= 10
                exp += 1
        return Decimal._make(sign, coeff, exp)._fix()

    def __rtruediv__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return o.__truediv__(self)

    def _divmod(self, o):
        if not o._coeff:
            if not self._coeff:
                raise DivisionUndefined([DivisionUndefined])
            raise DivisionByZero([DivisionByZero])
        e = min(self._exp, o._exp)
        a = self._coeff * 10 ** (self._exp - e)
        b = o._coeff * 10 ** (o._exp - e)
        q, r = divmod(a, b)
        sign = self._sign ^ o._sign
        return Decimal._make(sign, q, 0), Decimal._make(self._sign, r, e)

    def __floordiv__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return self._divmod(o)[0]

    def __rfloordiv__(self, other):
        o = self._conv(other)
        return NotImplemented if o is None else o.__floordiv__(self)

    def __mod__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return self._divmod(o)[1]

    def __rmod__(self, other):
        o = self._conv(other)
        return NotImplemented if o is None else o.__mod__(self)

    def __divmod__(self, other):
        o = self._conv(other)
        if o is None:
            return NotImplemented
        return self._divmod(o)

    def __pow__(self, other):
        if isinstance(other, int):
            if other >= 0:
                return Decimal._make(self._sign if other % 2 else 0, self._coeff ** other, self._exp * other)._fix()
            return Decimal(1) / (self ** (-other))
        raise InvalidOperation("only integer powers are supported")

    def __neg__(self, exact=False):
        d = Decimal._make(0 if self._sign else 1, self._coeff, self._exp)
        d._special = self._special
        if not self._coeff and not self._special and not exact:
            d._sign = 0
        return d if exact else d._fix()

    def __pos__(self):
        d = Decimal._make(0 if not self._coeff else self._sign, self._coeff, self._exp)
        d._special = self._special
        return d._fix()

    def __abs__(self):
        d = Decimal._make(0, self._coeff, self._exp)
        d._special = self._special
        return d._fix()

    # ---- comparison ----
    def _cmp(self, other):
        if isinstance(other, float):
            if other != other:
                return None
            other = Decimal(other)
        o = self._conv(other)
        if o is None:
            return NotImplemented
        if self._special or o._special:
            if self._special == "NaN" or o._special == "NaN":
                return None
            a = (-1 if self._sign else 1) if self._special else 0
            b = (-1 if o._sign else 1) if o._special else 0
            if a or b:
                return (a > b) - (a < b)
        e = min(self._exp, o._exp)
        a = self._value() * 10 ** (self._exp - e)
        b = o._value() * 10 ** (o._exp - e)
        return (a > b) - (a < b)

    def __eq__(self, other):
        c = self._cmp(other)
        if c is NotImplemented:
            return NotImplemented
        return c == 0

    def __ne__(self, other):
        c = self.__eq__(other)
        return c if c is NotImplemented else not c

    def __lt__(self, other):
        c = self._cmp(other)
        if c is None:
            raise InvalidOperation([InvalidOperation])
        return c if c is NotImplemented else c < 0

    def __le__(self, other):
        c = self._cmp(other)
        if c is None:
            raise InvalidOperation([InvalidOperation])
        return c if c is NotImplemented else c <= 0

    def __gt__(self, other):
        c = self._cmp(other)
        if c is None:
            raise InvalidOperation([InvalidOperation])
        return c if c is NotImplemented else c > 0

    def __ge__(self, other):
        c = self._cmp(other)
        if c is None:
            raise InvalidOperation([InvalidOperation])
        return c if c is NotImplemented else c >= 0

    def __hash__(self):
        if self._special:
            return hash(self._special)
        if self._exp >= 0:
            return hash(self._value() * 10 ** self._exp)
        n = self.normalize()
        if n._exp >= 0:
            return hash(n._value() * 10 ** n._exp)
        return hash((n._sign, n._coeff, n._exp))

    def __bool__(self):
        return bool(self._coeff) or bool(self._special)

    # ---- conversion ----
    def __int__(self):
        if self._special:
            raise ValueError("cannot convert %s to integer" % self._special)
        if self._exp >= 0:
            return self._value() * 10 ** self._exp
        v = self._coeff // 10 ** (-self._exp)
        return -v if self._sign else v

    __trunc__ = __int__

    def __float__(self):
        if self._special == "NaN":
            return float("nan")
        if self._special:
            return float("-inf") if self._sign else float("inf")
        return float(str(self))

    def __round__(self, n=None):
        if n is None:
            return int(self.quantize(Decimal(1), ROUND_HALF_EVEN))
        return self.quantize(Decimal._make(0, 1, -n), ROUND_HALF_EVEN)

    def __floor__(self):
        return int(self.quantize(Decimal(1), ROUND_FLOOR))

    def __ceil__(self):
        return int(self.quantize(Decimal(1), ROUND_CEILING))

    def quantize(self, exp, rounding=None, context=None):
        exp = exp if isinstance(exp, Decimal) else Decimal(exp)
        ctx = context or getcontext()
        rounding = rounding or ctx.rounding
        if self._special:
            return self
        e = exp._exp
        c = _round_coeff(self._sign, self._coeff, e - self._exp, rounding)
        if len(str(c)) > ctx.prec:
            raise InvalidOperation([InvalidOperation])
        return Decimal._make(self._sign if c or self._sign else 0, c, e)

    def to_integral_value(self, rounding=None, context=None):
        if self._exp >= 0 or self._special:
            return self
        return self.quantize(Decimal(1), rounding)

    to_integral = to_integral_value

    def normalize(self, context=None):
        if self._special:
            return self
        d = self._fix(context)
        if not d._coeff:
            return Decimal._make(d._sign, 0, 0)
        c, e = d._coeff, d._exp
        while c % 10 == 0:
            c //= 10
            e += 1
        return Decimal._make(d._sign, c, e)

    def sqrt(self, context=None):
        ctx = context or getcontext()
        if self._sign and self._coeff:
            raise InvalidOperation([InvalidOperation])
        if not self._coeff:
            return Decimal._make(self._sign, 0, self._exp // 2)
        prec = ctx.prec + 1
        # scale so that the integer sqrt has prec digits
        e = self._exp
        c = self._coeff
        shift = 2 * prec - len(str(c))
        if (e - shift) % 2:
            shift += 1
        c = c * 10 ** shift if shift >= 0 else c // 10 ** (-shift)
        e -= shift
        r = _isqrt(c)
        exact = r * r == c
        if not exact and r % 5 == 0:
            r += 1
        res = Decimal._make(0, r, e // 2)
        if exact:
            ideal = self._exp // 2
            while res._exp < ideal and res._coeff % 10 == 0:
                res = Decimal._make(0, res._coeff // 10, res._exp + 1)
        return res._fix(ctx)

    def as_tuple(self):
        return DecimalTuple((self._sign, tuple(int(c) for c in str(self._coeff)),
                             "n" if self._special == "NaN" else "F" if self._special else self._exp))

    def as_integer_ratio(self):
        if self._exp >= 0:
            return self._value() * 10 ** self._exp, 1
        n, d = self._value(), 10 ** (-self._exp)
        g = _gcd(n, d)
        return n // g, d // g

    def adjusted(self):
        return self._exp + len(str(self._coeff)) - 1

    def is_nan(self):
        return self._special == "NaN"

    def is_infinite(self):
        return self._special == "Infinity"

    def is_finite(self):
        return not self._special

    def is_zero(self):
        return not self._coeff and not self._special

    def is_signed(self):
        return bool(self._sign)

    def copy_abs(self):
        return Decimal._make(0, self._coeff, self._exp)

    def copy_negate(self):
        return Decimal._make(1 - self._sign, self._coeff, self._exp)

    def max(self, other):
        return self if self >= other else other

    def min(self, other):
        return self if self <= other else other

    def __str__(self):
        sign = "-" if self._sign else ""
        if self._special:
            return sign + self._special
        coeff = str(self._coeff)
        leftdigits = self._exp + len(coeff)
        if self._exp <= 0 and leftdigits > -6:
            dotplace = leftdigits
        else:
            dotplace = 1
        if dotplace <= 0:
            intpart = "0"
            fracpart = "." + "0" * (-dotplace) + coeff
        elif dotplace >= len(coeff):
            intpart = coeff + "0" * (dotplace - len(coeff))
            fracpart = ""
        else:
            intpart = coeff[:dotplace]
            fracpart = "." + coeff[dotplace:]
        if leftdigits == dotplace:
            exp = ""
        else:
            exp = "E%+d" % (leftdigits - dotplace)
        return sign + intpart + fracpart + exp

    def __repr__(self):
        return "Decimal('%s')" % self

    def to_eng_string(self, context=None):
        return str(self)

    def __format__(self, spec):
        if not spec:
            return str(self)
        # [[fill]align][sign][,][.precision][type]
        fill, align, sign_opt, comma, prec, typ = " ", None, "-", False, None, None
        s = spec
        if len(s) >= 2 and s[1] in "<>^=":
            fill, align, s = s[0], s[1], s[2:]
        elif s and s[0] in "<>^=":
            align, s = s[0], s[1:]
        if s and s[0] in "+- ":
            sign_opt, s = s[0], s[1:]
        zero = False
        if s.startswith("0"):
            zero = True
            s = s[1:]
        width = ""
        while s and s[0].isdigit():
            width += s[0]
            s = s[1:]
        if s.startswith(","):
            comma = True
            s = s[1:]
        if s.startswith("."):
            s = s[1:]
            p = ""
            while s and s[0].isdigit():
                p += s[0]
                s = s[1:]
            prec = int(p)
        typ = s or None
        d = self
        if typ == "%":
            d = Decimal._make(self._sign, self._coeff, self._exp + 2)
        if typ in ("f", "F", "%") and prec is not None:
            d = d.quantize(Decimal._make(0, 1, -prec), ROUND_HALF_EVEN)
        elif typ is None and prec is not None:
            d = d._fix(Context(prec=prec))
        body = str(abs(d)) if typ in (None, "f", "F", "%", "g", "G") else format(float(abs(d)), (("." + str(prec)) if prec is not None else "") + typ)
        if typ in ("f", "F", "%") and "E" in body:
            c = str(d._coeff)
            body = c + "0" * d._exp if d._exp >= 0 else (c.rjust(-d._exp + 1, "0")[:d._exp] + "." + c.rjust(-d._exp + 1, "0")[d._exp:])
        if comma:
            ip, dot, fp = body.partition(".")
            groups = []
            while len(ip) > 3:
                groups.insert(0, ip[-3:])
                ip = ip[:-3]
            groups.insert(0, ip)
            body = ",".join(groups) + dot + fp
        if typ == "%":
            body += "%"
        sgn = "-" if d._sign and (d._coeff or d._special) or (d._sign and not d._coeff) else ("+" if sign_opt == "+" else " " if sign_opt == " " else "")
        w = int(width) if width else 0
        if zero and align is None:
            return sgn + body.rjust(w - len(sgn), "0")
        text = sgn + body
        if len(text) >= w:
            return text
        align = align or ">"
        if align == "<":
            return text + fill * (w - len(text))
        if align == ">":
            return fill * (w - len(text)) + text
        if align == "=":
            return sgn + fill * (w - len(text)) + body
        left = (w - len(text)) // 2
        return fill * left + text + fill * (w - len(text) - left)

    def __reduce__(self):
        return Decimal, (str(self),)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class DecimalTuple(tuple):
    sign = property(lambda s: s[0])
    digits = property(lambda s: s[1])
    exponent = property(lambda s: s[2])

    def __repr__(self):
        return "DecimalTuple(sign=%r, digits=%r, exponent=%r)" % tuple(self)

    __str__ = __repr__


def _gcd(a, b):
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


def _isqrt(n):
    if n == 0:
        return 0
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y
