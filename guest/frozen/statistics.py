"""statistics for the guest. Like CPython, mean/variance/stdev work on exact rationals (so results
equal CPython's); fsum-based functions (fmean, covariance, ...) use an exactly rounded sum."""

import math

__all__ = ["StatisticsError", "mean", "fmean", "geometric_mean", "harmonic_mean", "median", "median_low",
           "median_high", "median_grouped", "mode", "multimode", "quantiles", "pstdev", "pvariance",
           "stdev", "variance", "covariance", "correlation", "linear_regression", "NormalDist"]


class StatisticsError(ValueError):
    pass


def _gcd(a, b):
    a, b = abs(a), abs(b)
    while b:
        a, b = b, a % b
    return a


def _exact(x):
    """x as (numerator, denominator), exactly; (x, 0) for inf/nan floats."""
    if type(x) is float:
        # float.as_integer_ratio (C) is exact and reduced: the same pair as the frexp path below
        return x.as_integer_ratio() if x - x == 0.0 else (x, 0)
    if isinstance(x, int) or x is True or x is False:
        return int(x), 1
    if isinstance(x, float):
        if x != x or x in (_INF, -_INF):
            return x, 0
        if x == int(x) and abs(x) < 2.0 ** 63:
            return int(x), 1
        m, e = math.frexp(x)
        n = int(m * 9007199254740992.0)  # 2**53
        e -= 53
        if e >= 0:
            return n << e, 1
        d = 1 << -e
        while n & 1 == 0:
            n >>= 1
            d >>= 1
        return n, d
    if hasattr(x, "as_integer_ratio"):
        return x.as_integer_ratio()
    raise TypeError("can't convert type '%s' to numerator/denominator" % type(x).__name__)


_INF = float("inf")


def _isqrt(n):
    if n < 0:
        raise ValueError("isqrt() argument must be nonnegative")
    if n == 0:
        return 0
    x = 1 << ((n.bit_length() + 1) // 2)
    while True:
        y = (x + n // x) // 2
        if y >= x:
            return x
        x = y


def _to_float(n, d):
    """n/d correctly rounded to a float (round half to even)."""
    if d < 0:
        n, d = -n, -d
    if n == 0:
        return 0.0
    neg = n < 0
    if neg:
        n = -n
    shift = n.bit_length() - d.bit_length() - 55
    if shift >= 0:
        q, r = divmod(n, d << shift)
    else:
        q, r = divmod(n << -shift, d)
    extra = q.bit_length() - 53
    if extra > 0:
        low = q & ((1 << extra) - 1)
        q >>= extra
        shift += extra
        half = 1 << (extra - 1)
        if low > half or (low == half and (r or q & 1)):
            q += 1
    v = math.ldexp(float(q), shift)
    return -v if neg else v


class _Q:
    """Exact rational n/d (d > 0), reduced on demand."""

    def __init__(self, n, d=1):
        if d < 0:
            n, d = -n, -d
        self.n = n
        self.d = d

    def reduced(self):
        g = _gcd(self.n, self.d)
        return _Q(self.n // g, self.d // g) if g > 1 else self

    def __add__(self, o):
        return _Q(self.n * o.d + o.n * self.d, self.d * o.d)

    def __sub__(self, o):
        return _Q(self.n * o.d - o.n * self.d, self.d * o.d)

    def __mul__(self, o):
        return _Q(self.n * o.n, self.d * o.d)

    def __truediv__(self, o):
        return _Q(self.n * o.d, self.d * o.n)

    def to_float(self):
        return _to_float(self.n, self.d)


def _exact_all(data):
    """(count, the types seen, [_exact(x) of each finite x], the sum of the inf/nan values or None)"""
    count = 0
    types = set()
    pairs = []
    special = None
    for x in data:
        count += 1
        t = type(x)
        types.add(t)
        if t is float and x - x == 0.0:
            pairs.append(x.as_integer_ratio())  # _exact(x), inline
        else:
            n, d = _exact(x)
            if d == 0:
                special = x if special is None else special + x
                continue
            pairs.append((n, d))
    return count, types, pairs, special


def _sum(data):
    """(T, exact total as _Q or a float inf/nan, count)"""
    count, types, pairs, special = _exact_all(data)
    partials = {}
    for n, d in pairs:
        partials[d] = partials.get(d, 0) + n
    T = _coerce_types(types)
    if special is not None:
        return T, special, count
    total = _Q(0, 1)
    for d, n in partials.items():
        total = total + _Q(n, d)
    return T, total.reduced(), count


def _coerce_types(types):
    T = int
    for t in types:
        if t is bool:
            t = int
        if t is int:
            continue
        if t is float:
            T = float
        elif hasattr(t, "as_integer_ratio") or t.__name__ in ("Fraction", "Decimal"):
            if T is int:
                T = t
        else:
            raise TypeError("can't convert type '%s' to numerator/denominator" % t.__name__)
    return T


def _convert(q, T):
    if isinstance(q, float):
        return q
    q = q.reduced()
    if T is int or T is bool:
        if q.d == 1:
            return q.n
        T = float
    if T is float:
        return q.to_float()
    try:
        return T(q.n) / T(q.d)
    except Exception:
        return q.to_float()


def _fsum(values):
    total = _Q(0, 1)
    special = None
    for x in values:
        n, d = _exact(x)
        if d == 0:
            special = x if special is None else special + x
        else:
            total = total + _Q(n, d)
    if special is not None:
        return float(special)
    return total.to_float()


def mean(data):
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    if isinstance(total, float):
        return total / n
    return _convert(total / _Q(n), T)


def fmean(data, weights=None):
    if weights is None:
        data = list(data)
        n = len(data)
        if not n:
            raise StatisticsError("fmean requires at least one data point")
        return _fsum(data) / n
    data = list(data)
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError("data and weights must be the same length")
    num = _fsum([x * w for x, w in zip(data, weights)])
    den = _fsum(weights)
    if not den:
        raise StatisticsError("sum of weights must be non-zero")
    return num / den


def geometric_mean(data):
    try:
        return math.exp(fmean([math.log(x) for x in data]))
    except ValueError:
        raise StatisticsError("geometric mean requires a non-empty dataset containing positive numbers")


def _fail_neg(values, errmsg):
    for x in values:
        if x < 0:
            raise StatisticsError(errmsg)
        yield x


def harmonic_mean(data, weights=None):
    data = list(data)
    errmsg = "harmonic mean does not support negative values"
    n = len(data)
    if n < 1:
        raise StatisticsError("harmonic_mean requires at least one data point")
    elif n == 1 and weights is None:
        x = data[0]
        if isinstance(x, (int, float)):
            if x < 0:
                raise StatisticsError(errmsg)
            return x
        raise TypeError("unsupported type")
    if weights is None:
        weights = [1] * n
        sum_weights = _Q(n)
    else:
        weights = list(weights)
        if len(weights) != n:
            raise StatisticsError("Number of weights does not match data size")
        _, sw, _ = _sum(_fail_neg(weights, errmsg))
        sum_weights = sw
    try:
        data = list(_fail_neg(data, errmsg))
        T, total, count = _sum([w / x if w else 0 for w, x in zip(weights, data)])
    except ZeroDivisionError:
        return 0
    if isinstance(total, float):
        return _to_float(sum_weights.n, sum_weights.d) / total
    if total.n <= 0:
        raise StatisticsError("Weighted sum must be positive")
    return _convert(sum_weights / total, T)


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def median_grouped(data, interval=1):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    elif n == 1:
        return data[0]
    x = data[n // 2]
    for obj in (x, interval):
        if isinstance(obj, (str, bytes)):
            raise TypeError("expected number but got %r" % (obj,))
    try:
        L = x - interval / 2
    except TypeError:
        L = float(x) - float(interval) / 2
    l1 = data.index(x)
    l2 = l1
    while l2 + 1 < n and data[l2 + 1] == x:
        l2 += 1
    cf = l1
    f = l2 - l1 + 1
    return L + interval * (n / 2 - cf) / f


def _counts(data):
    counts = {}
    for x in data:
        counts[x] = counts.get(x, 0) + 1
    return counts


def mode(data):
    counts = _counts(data)
    if not counts:
        raise StatisticsError("no mode for empty data")
    best = None
    bestc = 0
    for k, c in counts.items():
        if c > bestc:
            best, bestc = k, c
    return best


def multimode(data):
    counts = _counts(data)
    if not counts:
        return []
    m = max(counts.values())
    return [k for k, c in counts.items() if c == m]


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    result = []
    if method == "inclusive":
        m = ld - 1
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            result.append((data[j] * (n - delta) + data[j + 1] * delta) / n)
        return result
    if method == "exclusive":
        m = ld + 1
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            result.append((data[j - 1] * (n - delta) + data[j] * delta) / n)
        return result
    raise ValueError("Unknown method: %r" % (method,))


def _ss(data, c=None):
    data = list(data)
    if c is not None:
        T, ssd, count = _sum([(x - c) * (x - c) for x in data])
        return T, ssd, c, count
    count, types, pairs, special = _exact_all(data)
    sx = {}
    sxx = {}
    for n, d in pairs:
        sx[d] = sx.get(d, 0) + n
        sxx[d] = sxx.get(d, 0) + n * n
    T = _coerce_types(types)
    if not count:
        return T, _Q(0), _Q(0), 0
    if special is not None:
        return T, special, special, count
    tx = _Q(0)
    for d, n in sx.items():
        tx = tx + _Q(n, d)
    txx = _Q(0)
    for d, n in sxx.items():
        txx = txx + _Q(n, d * d)
    ssd = (_Q(count) * txx - tx * tx) / _Q(count)
    return T, ssd.reduced(), (tx / _Q(count)).reduced(), count


def _sqrt_frac(n, m):
    """sqrt(n/m) correctly rounded to a float."""
    q = (n.bit_length() - m.bit_length() - 109) // 2
    if q >= 0:
        a = _isqrt(n // (m << 2 * q))
        num = (a | (a * a * (m << 2 * q) != n)) << q
        den = 1
    else:
        a = _isqrt((n << -2 * q) // m)
        num = a | (a * a * m != (n << -2 * q))
        den = 1 << -q
    return _to_float(num, den)


def variance(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    if isinstance(ss, float):
        return ss
    return _convert(ss / _Q(n - 1), T)


def pvariance(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    if isinstance(ss, float):
        return ss
    return _convert(ss / _Q(n), T)


def stdev(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("stdev requires at least two data points")
    if isinstance(ss, float):
        return ss
    mss = (ss / _Q(n - 1)).reduced()
    return _sqrt_frac(mss.n, mss.d)


def pstdev(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pstdev requires at least one data point")
    if isinstance(ss, float):
        return ss
    mss = (ss / _Q(n)).reduced()
    return _sqrt_frac(mss.n, mss.d)


def covariance(x, y):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("covariance requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("covariance requires at least two data points")
    xbar = _fsum(x) / n
    ybar = _fsum(y) / n
    sxy = _fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
    return sxy / (n - 1)


def correlation(x, y):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("correlation requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("correlation requires at least two data points")
    xbar = _fsum(x) / n
    ybar = _fsum(y) / n
    sxy = _fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
    sxx = _fsum([(xi - xbar) * (xi - xbar) for xi in x])
    syy = _fsum([(yi - ybar) * (yi - ybar) for yi in y])
    try:
        return sxy / math.sqrt(sxx * syy)
    except ZeroDivisionError:
        raise StatisticsError("at least one of the inputs is constant")


class LinearRegression(tuple):
    slope = property(lambda s: s[0])
    intercept = property(lambda s: s[1])

    def __repr__(self):
        return "LinearRegression(slope=%r, intercept=%r)" % tuple(self)

    __str__ = __repr__


def linear_regression(x, y, *, proportional=False):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("linear regression requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("linear regression requires at least two data points")
    if proportional:
        sxy = _fsum([xi * yi for xi, yi in zip(x, y)])
        sxx = _fsum([xi * xi for xi in x])
    else:
        xbar = _fsum(x) / n
        ybar = _fsum(y) / n
        sxy = _fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
        sxx = _fsum([(xi - xbar) * (xi - xbar) for xi in x])
    try:
        slope = sxy / sxx
    except ZeroDivisionError:
        raise StatisticsError("x is constant")
    intercept = 0.0 if proportional else ybar - slope * xbar
    return LinearRegression((slope, intercept))


class NormalDist:
    def __init__(self, mu=0.0, sigma=1.0):
        if sigma < 0.0:
            raise StatisticsError("sigma must be non-negative")
        self._mu = float(mu)
        self._sigma = float(sigma)

    @classmethod
    def from_samples(cls, data):
        data = list(data)
        return cls(fmean(data), stdev(data))

    mean = property(lambda s: s._mu)
    median = property(lambda s: s._mu)
    mode = property(lambda s: s._mu)
    stdev = property(lambda s: s._sigma)
    variance = property(lambda s: s._sigma * s._sigma)

    def pdf(self, x):
        variance = self._sigma * self._sigma
        if not variance:
            raise StatisticsError("pdf() not defined when sigma is zero")
        diff = x - self._mu
        return math.exp(diff * diff / (-2.0 * variance)) / math.sqrt(2.0 * math.pi * variance)

    def cdf(self, x):
        if not self._sigma:
            raise StatisticsError("cdf() not defined when sigma is zero")
        return 0.5 * (1.0 + math.erf((x - self._mu) / (self._sigma * math.sqrt(2.0))))

    def zscore(self, x):
        if not self._sigma:
            raise StatisticsError("zscore() not defined when sigma is zero")
        return (x - self._mu) / self._sigma

    def __repr__(self):
        return "NormalDist(mu=%r, sigma=%r)" % (self._mu, self._sigma)

    __str__ = __repr__
