"""datetime for the guest: date, time, datetime, timedelta, tzinfo, timezone (CPython 3.11 behaviour).

The clock is the host's wall clock (date.today(), datetime.now(), datetime.utcnow()). The
sandbox's local time zone is UTC: now() and today() are UTC wall time (naive), and naive
datetimes are taken as UTC where a local zone is needed (timestamp(), fromtimestamp(),
astimezone()). timetuple() returns a time.struct_time.
"""

from _hlc_datetime import strptime_scan as _strptime_scan

MINYEAR = 1
MAXYEAR = 9999

_DIM = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DBM = (0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _now_us():
    # Microseconds since the epoch, from the host's wall clock.
    from _hlc import system

    return system("time.now")[0] // 1000


def _struct_time(tt):
    from time import struct_time

    return struct_time(tt)


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _dim(y, m):
    return 29 if m == 2 and _leap(y) else _DIM[m]


def _ymd2ord(y, m, d):
    y1 = y - 1
    return y1 * 365 + y1 // 4 - y1 // 100 + y1 // 400 + _DBM[m] + (m > 2 and _leap(y)) + d


def _ord2ymd(n):
    n -= 1
    n400, n = divmod(n, 146097)
    n100, n = divmod(n, 36524)
    n4, n = divmod(n, 1461)
    n1, n = divmod(n, 365)
    y = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
    if n1 == 4 or n100 == 4:
        return y - 1, 12, 31
    leap = n1 == 3 and (n4 != 24 or n100 == 3)
    m = (n + 50) >> 5
    before = _DBM[m] + (m > 2 and leap)
    if before > n:
        m -= 1
        before -= _DIM[m] + (m == 2 and leap)
    return y, m, n - before + 1


def _check_int(v):
    if type(v) is int:
        return v
    if isinstance(v, int) or v is True or v is False:
        return int(v)
    if isinstance(v, float):
        raise TypeError("'float' object cannot be interpreted as an integer")
    raise TypeError("an integer is required (got type %s)" % type(v).__name__)


def _check_date(y, m, d):
    y, m, d = _check_int(y), _check_int(m), _check_int(d)
    if not MINYEAR <= y <= MAXYEAR:
        raise ValueError("year %d is out of range" % y)
    if not 1 <= m <= 12:
        raise ValueError("month must be in 1..12")
    if not 1 <= d <= _dim(y, m):
        raise ValueError("day is out of range for month")
    return y, m, d


def _check_time(h, mi, s, us, tz):
    h, mi, s, us = _check_int(h), _check_int(mi), _check_int(s), _check_int(us)
    if not 0 <= h <= 23:
        raise ValueError("hour must be in 0..23")
    if not 0 <= mi <= 59:
        raise ValueError("minute must be in 0..59")
    if not 0 <= s <= 59:
        raise ValueError("second must be in 0..59")
    if not 0 <= us <= 999999:
        raise ValueError("microsecond must be in 0..999999")
    if tz is not None and not isinstance(tz, tzinfo):
        raise TypeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'" % type(tz).__name__)
    return h, mi, s, us


def _cmp(a, b):
    return 0 if a == b else (1 if a > b else -1)


class timedelta:
    def __init__(self, days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0):
        us = 0
        fl = 0.0
        if (type(days) is int and type(seconds) is int and type(microseconds) is int and type(milliseconds) is int
                and type(minutes) is int and type(hours) is int and type(weeks) is int):
            # all int (the common case): the loop below's sum, in one expression
            us = (((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000000
                  + milliseconds * 1000 + microseconds)
        else:
            # CPython's order (the first bad component is the one reported)
            for v, mult, name in ((microseconds, 1, "microseconds"), (milliseconds, 1000, "milliseconds"),
                                  (seconds, 1000000, "seconds"), (minutes, 60000000, "minutes"),
                                  (hours, 3600000000, "hours"), (days, 86400000000, "days"),
                                  (weeks, 604800000000, "weeks")):
                if isinstance(v, float):
                    if v != v or v in (float("inf"), float("-inf")):
                        raise ValueError("cannot convert float %s to integer" % v)
                    iv = int(v)
                    us += iv * mult
                    fl += (v - iv) * mult
                elif isinstance(v, int):
                    us += v * mult
                else:
                    raise TypeError("unsupported type for timedelta %s component: %s" % (name, type(v).__name__))
            if fl:
                us += _round_half_even(fl)
        d, rest = divmod(us, 86400000000)
        s, u = divmod(rest, 1000000)
        if not -999999999 <= d <= 999999999:
            raise OverflowError("days=%d; must have magnitude <= 999999999" % d)
        self.__dict__.update(_d=d, _s=s, _us=u)  # not object.__setattr__: half the cost

    def __setattr__(self, name, value):
        raise AttributeError("readonly attribute")

    @property
    def days(self):
        return self._d

    @property
    def seconds(self):
        return self._s

    @property
    def microseconds(self):
        return self._us

    def _total_us(self):
        return (self._d * 86400 + self._s) * 1000000 + self._us

    def total_seconds(self):
        return self._total_us() / 10 ** 6

    def __repr__(self):
        parts = []
        if self._d:
            parts.append("days=%d" % self._d)
        if self._s:
            parts.append("seconds=%d" % self._s)
        if self._us:
            parts.append("microseconds=%d" % self._us)
        return "datetime.timedelta(%s)" % (", ".join(parts) if parts else "0")

    def __str__(self):
        mm, ss = divmod(self._s, 60)
        hh, mm = divmod(mm, 60)
        s = "%d:%02d:%02d" % (hh, mm, ss)
        if self._d:
            s = "%d day%s, " % (self._d, "" if abs(self._d) == 1 else "s") + s
        if self._us:
            s += ".%06d" % self._us
        return s

    def __add__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() + other._total_us())
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() - other._total_us())
        return NotImplemented

    def __rsub__(self, other):
        if isinstance(other, timedelta):
            return -self + other
        return NotImplemented

    def __neg__(self):
        return timedelta(microseconds=-self._total_us())

    def __pos__(self):
        return self

    def __abs__(self):
        return -self if self._d < 0 else self

    def __mul__(self, other):
        if isinstance(other, bool) or not isinstance(other, (int, float)):
            return NotImplemented
        if isinstance(other, int):
            return timedelta(microseconds=self._total_us() * other)
        return timedelta(microseconds=_round_half_even(self._total_us() * other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() / other._total_us()
        if isinstance(other, int):
            return timedelta(microseconds=_div_half_even(self._total_us(), other))
        if isinstance(other, float):
            return timedelta(microseconds=_round_half_even(self._total_us() / other))
        return NotImplemented

    def __floordiv__(self, other):
        if isinstance(other, timedelta):
            return self._total_us() // other._total_us()
        if isinstance(other, int):
            return timedelta(microseconds=self._total_us() // other)
        return NotImplemented

    def __mod__(self, other):
        if isinstance(other, timedelta):
            return timedelta(microseconds=self._total_us() % other._total_us())
        return NotImplemented

    def __divmod__(self, other):
        if isinstance(other, timedelta):
            q, r = divmod(self._total_us(), other._total_us())
            return q, timedelta(microseconds=r)
        return NotImplemented

    def _key(self, other):
        if not isinstance(other, timedelta):
            raise TypeError("'<' not supported between instances of 'datetime.timedelta' and '%s'" % type(other).__name__)
        return self._total_us(), other._total_us()

    def __eq__(self, other):
        return isinstance(other, timedelta) and self._total_us() == other._total_us()

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        a, b = self._key(other)
        return a < b

    def __le__(self, other):
        a, b = self._key(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._key(other)
        return a > b

    def __ge__(self, other):
        a, b = self._key(other)
        return a >= b

    def __hash__(self):
        return hash(self._total_us())

    def __bool__(self):
        return self._total_us() != 0

    def __reduce__(self):
        return timedelta, (self._d, self._s, self._us)


def _round_half_even(x):
    r = round(x)
    return int(r)


def _div_half_even(a, b):
    q, r = divmod(a, b)
    r2 = 2 * r
    if b > 0:
        if r2 > b or (r2 == b and q % 2 == 1):
            q += 1
    else:
        if r2 < b or (r2 == b and q % 2 == 1):
            q += 1
    return q


timedelta.min = timedelta(-999999999)
timedelta.max = timedelta(days=999999999, hours=23, minutes=59, seconds=59, microseconds=999999)
timedelta.resolution = timedelta(microseconds=1)


class tzinfo:
    def tzname(self, dt):
        raise NotImplementedError("tzinfo subclass must override tzname()")

    def utcoffset(self, dt):
        raise NotImplementedError("tzinfo subclass must override utcoffset()")

    def dst(self, dt):
        raise NotImplementedError("tzinfo subclass must override dst()")

    def fromutc(self, dt):
        off = dt.utcoffset()
        dst = dt.dst() or timedelta(0)
        std = off - dst
        if std:
            dt += std
            dst = dt.dst()
            if dst:
                dt += dst
        return dt


class timezone(tzinfo):
    def __init__(self, offset, name=None):
        if not isinstance(offset, timedelta):
            raise TypeError("timezone() argument 1 must be datetime.timedelta, not %s" % type(offset).__name__)
        if name is not None and not isinstance(name, str):
            raise TypeError("timezone() argument 2 must be str, not %s" % type(name).__name__)
        if not timedelta(hours=-24) < offset < timedelta(hours=24):
            raise ValueError("offset must be a timedelta strictly between -timedelta(hours=24) and "
                             "timedelta(hours=24), not %r." % (offset,))
        self._offset = offset
        self._name = name

    def utcoffset(self, dt):
        return self._offset

    def dst(self, dt):
        return None

    def tzname(self, dt):
        if self._name is not None:
            return self._name
        return self._default_name()

    def _default_name(self):
        if not self._offset and self._name is None:
            return "UTC"
        return "UTC" + _fmt_offset(self._offset, ":")

    def fromutc(self, dt):
        return dt + self._offset

    def __eq__(self, other):
        return isinstance(other, timezone) and self._offset == other._offset

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self._offset)

    def __repr__(self):
        if not self._offset and self._name is None:
            return "datetime.timezone.utc"
        if self._name is None:
            return "datetime.timezone(%r)" % (self._offset,)
        return "datetime.timezone(%r, %r)" % (self._offset, self._name)

    def __str__(self):
        return self.tzname(None)


timezone.utc = timezone(timedelta(0))
timezone.min = timezone(timedelta(hours=-23, minutes=-59))
timezone.max = timezone(timedelta(hours=23, minutes=59))
UTC = timezone.utc


def _fmt_offset(off, sep):
    if off is None:
        return ""
    sign = "+"
    if off._total_us() < 0:
        sign = "-"
        off = -off
    us = off._total_us()
    hh, rest = divmod(us, 3600000000)
    mm, rest = divmod(rest, 60000000)
    ss, us = divmod(rest, 1000000)
    s = "%s%02d%s%02d" % (sign, hh, sep, mm)
    if ss or us:
        s += "%s%02d" % (sep, ss)
        if us:
            s += ".%06d" % us
    return s


def _wrap_strftime(fmt, obj, tt):
    # tt: (year, month, day, hour, minute, second, weekday, yday, microsecond)
    y, m, d, hh, mi, ss, wd, yd, us = tt
    out = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        i += 1
        if ch != "%" or i >= n:
            out.append(ch)
            continue
        c = fmt[i]
        i += 1
        pad = True
        if c == "-" and i < n:
            pad = False
            c = fmt[i]
            i += 1
        if c == "Y":
            out.append("%d" % y if not pad else ("%04d" % y if y >= 1000 else "%d" % y))
        elif c == "m":
            out.append("%02d" % m if pad else "%d" % m)
        elif c == "d":
            out.append("%02d" % d if pad else "%d" % d)
        elif c == "e":
            out.append("%2d" % d)
        elif c == "H":
            out.append("%02d" % hh if pad else "%d" % hh)
        elif c == "M":
            out.append("%02d" % mi if pad else "%d" % mi)
        elif c == "S":
            out.append("%02d" % ss if pad else "%d" % ss)
        elif c == "f":
            out.append("%06d" % us)
        elif c == "y":
            out.append("%02d" % (y % 100) if pad else "%d" % (y % 100))
        elif c == "I" or c == "l":
            h12 = hh % 12 or 12
            out.append(("%02d" % h12 if c == "I" else "%2d" % h12) if pad else "%d" % h12)
        elif c == "p":
            out.append("AM" if hh < 12 else "PM")
        elif c == "b" or c == "h":
            out.append(_MONTHS[m - 1][:3])
        elif c == "B":
            out.append(_MONTHS[m - 1])
        elif c == "a":
            out.append(_DAYS[wd][:3])
        elif c == "A":
            out.append(_DAYS[wd])
        elif c == "j":
            out.append("%03d" % yd if pad else "%d" % yd)
        elif c == "w":
            out.append("%d" % ((wd + 1) % 7))
        elif c == "u":
            out.append("%d" % (wd + 1))
        elif c == "U":
            out.append("%02d" % ((yd + 6 - (wd + 1) % 7) // 7))
        elif c == "W":
            out.append("%02d" % ((yd + 6 - wd) // 7))
        elif c == "G" or c == "V":
            iy, iw, _ = _isocal(y, m, d)
            out.append("%d" % iy if c == "G" else "%02d" % iw)
        elif c == "z":
            off = obj.utcoffset() if hasattr(obj, "utcoffset") else None
            out.append(_fmt_offset(off, "") if off is not None else "")
        elif c == "Z":
            name = obj.tzname() if hasattr(obj, "tzname") else None
            out.append(name or "")
        elif c == "c":
            out.append("%s %s %2d %02d:%02d:%02d %d" % (_DAYS[wd][:3], _MONTHS[m - 1][:3], d, hh, mi, ss, y))
        elif c == "x":
            out.append("%02d/%02d/%02d" % (m, d, y % 100))
        elif c == "X":
            out.append("%02d:%02d:%02d" % (hh, mi, ss))
        elif c == "D":
            out.append("%02d/%02d/%02d" % (m, d, y % 100))
        elif c == "F":
            out.append("%d-%02d-%02d" % (y, m, d))
        elif c == "T":
            out.append("%02d:%02d:%02d" % (hh, mi, ss))
        elif c == "R":
            out.append("%02d:%02d" % (hh, mi))
        elif c == "C":
            out.append("%02d" % (y // 100))
        elif c == "s":
            # glibc: seconds since the epoch of the fields taken as local time (UTC here)
            out.append("%d" % ((_ymd2ord(y, m, d) - 719163) * 86400 + hh * 3600 + mi * 60 + ss))
        elif c == "n":
            out.append("\n")
        elif c == "t":
            out.append("\t")
        elif c == "%":
            out.append("%")
        else:
            out.append("%" + ("-" if not pad else "") + c)
    return "".join(out)


def _isocal(y, m, d):
    def week1_monday(year):
        first = _ymd2ord(year, 1, 1)
        wd = (first + 6) % 7
        mon = first - wd
        if wd > 3:
            mon += 7
        return mon

    o = _ymd2ord(y, m, d)
    mon = week1_monday(y)
    if o < mon:
        y -= 1
        mon = week1_monday(y)
    else:
        nxt = week1_monday(y + 1)
        if o >= nxt:
            y += 1
            mon = nxt
    week, day = divmod(o - mon, 7)
    return y, week + 1, day + 1


class IsoCalendarDate(tuple):
    @property
    def year(self):
        return self[0]

    @property
    def week(self):
        return self[1]

    @property
    def weekday(self):
        return self[2]

    def __repr__(self):
        return "datetime.IsoCalendarDate(year=%d, week=%d, weekday=%d)" % tuple(self)

    __str__ = __repr__


class date:
    def __init__(self, year, month=None, day=None):
        y, m, d = _check_date(year, month, day)
        self.__dict__.update(_y=y, _m=m, _dd=d)  # not object.__setattr__: half the cost

    def __setattr__(self, name, value):
        raise AttributeError("attribute '%s' of '%s' objects is not writable" % (name, "datetime.date"))

    @property
    def year(self):
        return self._y

    @property
    def month(self):
        return self._m

    @property
    def day(self):
        return self._dd

    @classmethod
    def today(cls):
        d = datetime._from_us(_now_us(), None)
        return cls(d.year, d.month, d.day)

    @classmethod
    def fromtimestamp(cls, t):
        d = datetime.fromtimestamp(t, timezone.utc)
        return cls(d.year, d.month, d.day)

    @classmethod
    def fromordinal(cls, n):
        if not 1 <= n <= 3652059:
            raise ValueError("ordinal must be >= 1")
        return cls(*_ord2ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(s) not in (7, 8, 10):
                raise ValueError
            return cls(*_parse_isodate(s))
        except ValueError:
            raise ValueError("Invalid isoformat string: %r" % (s,))

    @classmethod
    def fromisocalendar(cls, year, week, day):
        if not 1 <= week <= 53:
            raise ValueError("Invalid week: %d" % week)
        if not 1 <= day <= 7:
            raise ValueError("Invalid weekday: %d (range is [1, 7])" % day)
        first = _ymd2ord(year, 1, 1)
        wd = (first + 6) % 7
        mon = first - wd + (7 if wd > 3 else 0)
        return cls(*_ord2ymd(mon + (week - 1) * 7 + day - 1))

    def toordinal(self):
        return _ymd2ord(self._y, self._m, self._dd)

    def weekday(self):
        return (self.toordinal() + 6) % 7

    def isoweekday(self):
        return self.weekday() + 1

    def isocalendar(self):
        return IsoCalendarDate(_isocal(self._y, self._m, self._dd))

    def isoformat(self):
        return "%04d-%02d-%02d" % (self._y, self._m, self._dd)

    def __str__(self):
        return self.isoformat()

    def __repr__(self):
        return "datetime.date(%d, %d, %d)" % (self._y, self._m, self._dd)

    def ctime(self):
        return self.strftime("%a %b %e 00:00:00 %Y")

    def timetuple(self):
        return _struct_time((self._y, self._m, self._dd, 0, 0, 0, self.weekday(), self._yday(), -1))

    def _yday(self):
        return self.toordinal() - _ymd2ord(self._y, 1, 1) + 1

    def strftime(self, fmt):
        return _wrap_strftime(fmt, self, (self._y, self._m, self._dd, 0, 0, 0, self.weekday(), self._yday(), 0))

    def __format__(self, spec):
        if not isinstance(spec, str):
            raise TypeError("must be str, not %s" % type(spec).__name__)
        return self.strftime(spec) if spec else str(self)

    def replace(self, year=None, month=None, day=None):
        return type(self)(self._y if year is None else year, self._m if month is None else month,
                          self._dd if day is None else day)

    def _dkey(self):
        return (self._y, self._m, self._dd)

    def _check_cmp(self, other, op):
        if isinstance(other, date) and not isinstance(other, datetime):
            return True
        raise TypeError("'%s' not supported between instances of '%s' and '%s'" % (op, type(self).__name__, type(other).__name__))

    def __eq__(self, other):
        if isinstance(other, date) and not isinstance(other, datetime):
            return self._dkey() == other._dkey()
        return False if isinstance(other, date) else NotImplemented

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __lt__(self, other):
        self._check_cmp(other, "<")
        return self._dkey() < other._dkey()

    def __le__(self, other):
        self._check_cmp(other, "<=")
        return self._dkey() <= other._dkey()

    def __gt__(self, other):
        self._check_cmp(other, ">")
        return self._dkey() > other._dkey()

    def __ge__(self, other):
        self._check_cmp(other, ">=")
        return self._dkey() >= other._dkey()

    def __hash__(self):
        return hash(self._dkey())

    def __add__(self, other):
        if isinstance(other, timedelta):
            o = self.toordinal() + other.days
            if not 0 < o <= 3652059:
                raise OverflowError("result out of range")
            return type(self).fromordinal(o)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + timedelta(-other.days)
        if isinstance(other, date) and not isinstance(other, datetime):
            return timedelta(self.toordinal() - other.toordinal())
        return NotImplemented

    def __reduce__(self):
        return type(self), (self._y, self._m, self._dd)


date.min = date(1, 1, 1)
date.max = date(9999, 12, 31)
date.resolution = timedelta(days=1)


class time:
    def __init__(self, hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *, fold=0):
        h, mi, s, us = _check_time(hour, minute, second, microsecond, tzinfo)
        # not object.__setattr__: half the cost
        self.__dict__.update(_h=h, _mi=mi, _sec=s, _usec=us, _tz=tzinfo, _fold=fold)

    def __setattr__(self, name, value):
        raise AttributeError("attribute '%s' of 'datetime.time' objects is not writable" % name)

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._sec)
    microsecond = property(lambda self: self._usec)
    tzinfo = property(lambda self: self._tz)
    fold = property(lambda self: self._fold)

    def utcoffset(self):
        return None if self._tz is None else self._tz.utcoffset(None)

    def dst(self):
        return None if self._tz is None else self._tz.dst(None)

    def tzname(self):
        return None if self._tz is None else self._tz.tzname(None)

    def isoformat(self, timespec="auto"):
        return _fmt_time(self._h, self._mi, self._sec, self._usec, timespec) + _fmt_offset(self.utcoffset(), ":")

    def __str__(self):
        return self.isoformat()

    def __repr__(self):
        s = "%d, %d" % (self._h, self._mi)
        if self._sec or self._usec:
            s += ", %d" % self._sec
        if self._usec:
            s += ", %d" % self._usec
        if self._tz is not None:
            s += ", tzinfo=%r" % (self._tz,)
        return "datetime.time(%s)" % s

    def strftime(self, fmt):
        return _wrap_strftime(fmt, self, (1900, 1, 1, self._h, self._mi, self._sec, 0, 1, self._usec))

    def __format__(self, spec):
        return self.strftime(spec) if spec else str(self)

    def replace(self, hour=None, minute=None, second=None, microsecond=None, tzinfo=True, *, fold=None):
        return type(self)(self._h if hour is None else hour, self._mi if minute is None else minute,
                          self._sec if second is None else second,
                          self._usec if microsecond is None else microsecond,
                          self._tz if tzinfo is True else tzinfo, fold=self._fold if fold is None else fold)

    @classmethod
    def fromisoformat(cls, s):
        try:
            if s.startswith("T"):
                s = s[1:]
            h, mi, sec, us, tz = _parse_isotime(s)
            return cls(h, mi, sec, us, tz)
        except (ValueError, IndexError):
            raise ValueError("Invalid isoformat string: %r" % (s,))

    def _tkey(self):
        t = ((self._h * 60 + self._mi) * 60 + self._sec) * 1000000 + self._usec
        off = self.utcoffset()
        if off is not None:
            t -= off._total_us()
        return t

    def _both(self, other):
        if not isinstance(other, time):
            raise TypeError("can't compare 'datetime.time' to '%s'" % type(other).__name__)
        if (self.utcoffset() is None) != (other.utcoffset() is None):
            raise TypeError("can't compare offset-naive and offset-aware times")
        return self._tkey(), other._tkey()

    def __eq__(self, other):
        if not isinstance(other, time):
            return NotImplemented
        if (self.utcoffset() is None) != (other.utcoffset() is None):
            return False
        return self._tkey() == other._tkey()

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __lt__(self, other):
        a, b = self._both(other)
        return a < b

    def __le__(self, other):
        a, b = self._both(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._both(other)
        return a > b

    def __ge__(self, other):
        a, b = self._both(other)
        return a >= b

    def __hash__(self):
        return hash(self._tkey())

    def __bool__(self):
        return True


time.min = time(0, 0, 0)
time.max = time(23, 59, 59, 999999)
time.resolution = timedelta(microseconds=1)


def _fmt_time(h, mi, s, us, timespec):
    if timespec == "auto":
        timespec = "microseconds" if us else "seconds"
    if timespec == "hours":
        return "%02d" % h
    if timespec == "minutes":
        return "%02d:%02d" % (h, mi)
    if timespec == "seconds":
        return "%02d:%02d:%02d" % (h, mi, s)
    if timespec == "milliseconds":
        return "%02d:%02d:%02d.%03d" % (h, mi, s, us // 1000)
    if timespec == "microseconds":
        return "%02d:%02d:%02d.%06d" % (h, mi, s, us)
    raise ValueError("Unknown timespec value")


def _parse_isodate(s):
    if len(s) >= 8 and s[4] == "W" or (len(s) >= 9 and s[5] == "W"):
        if s[4] == "-":
            y, w, d = int(s[:4]), int(s[6:8]), int(s[9:10]) if len(s) > 8 else 1
        else:
            y, w, d = int(s[:4]), int(s[5:7]), int(s[7:8]) if len(s) > 7 else 1
        dd = date.fromisocalendar(y, w, d)
        return dd.year, dd.month, dd.day
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        parts = (s[:4], s[5:7], s[8:10])
    elif len(s) == 8 and s.isdigit():
        parts = (s[:4], s[4:6], s[6:8])
    else:
        raise ValueError
    for p in parts:
        if not p.isdigit():
            raise ValueError
    return int(parts[0]), int(parts[1]), int(parts[2])


def _parse_isotime(s):
    tz = None
    for i, ch in enumerate(s):
        if ch in "+-Z":
            tzs = s[i:]
            s = s[:i]
            if tzs == "Z":
                tz = timezone.utc
            else:
                sign = -1 if tzs[0] == "-" else 1
                h, mi, sec, us, _ = _parse_isotime(tzs[1:])
                off = timedelta(hours=h, minutes=mi, seconds=sec, microseconds=us)
                tz = timezone.utc if not off else timezone(off * sign)
            break
    frac = ""
    for sep in ".,":
        if sep in s:
            s, frac = s.split(sep, 1)
            if not frac.isdigit():
                raise ValueError
    if ":" in s:
        parts = s.split(":")
    else:
        parts = [s[i:i + 2] for i in range(0, len(s), 2)]
    if not 1 <= len(parts) <= 3 or not all(len(p) == 2 and p.isdigit() for p in parts):
        raise ValueError
    if frac and len(parts) != 3:
        raise ValueError
    nums = [int(p) for p in parts] + [0] * (3 - len(parts))
    us = int((frac + "000000")[:6]) if frac else 0
    return nums[0], nums[1], nums[2], us, tz


class datetime(date):
    def __init__(self, year, month=None, day=None, hour=0, minute=0, second=0, microsecond=0,
                 tzinfo=None, *, fold=0):
        date.__init__(self, year, month, day)
        h, mi, s, us = _check_time(hour, minute, second, microsecond, tzinfo)
        # not object.__setattr__: half the cost
        self.__dict__.update(_h=h, _mi=mi, _sec=s, _usec=us, _tz=tzinfo, _fold=fold)

    def __setattr__(self, name, value):
        raise AttributeError("attribute '%s' of 'datetime.datetime' objects is not writable" % name)

    hour = property(lambda self: self._h)
    minute = property(lambda self: self._mi)
    second = property(lambda self: self._sec)
    microsecond = property(lambda self: self._usec)
    tzinfo = property(lambda self: self._tz)
    fold = property(lambda self: self._fold)

    @classmethod
    def now(cls, tz=None):
        if tz is not None and not isinstance(tz, tzinfo):
            raise TypeError("tzinfo argument must be None or of a tzinfo subclass, not type '%s'"
                            % type(tz).__name__)
        return cls._from_us(_now_us(), tz)

    @classmethod
    def utcnow(cls):
        return cls._from_us(_now_us(), None)

    @classmethod
    def today(cls):
        return cls._from_us(_now_us(), None)

    @classmethod
    def fromtimestamp(cls, t, tz=None):
        if isinstance(t, float):
            us = round(t * 1000000)
        else:
            us = int(t) * 1000000
        return cls._from_us(us, tz)

    @classmethod
    def _from_us(cls, us, tz):
        # The datetime `us` microseconds after the epoch: naive UTC (the sandbox's local
        # time) without tz, else in tz.
        base = cls(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=us)
        if tz is None:
            return base.replace(tzinfo=None)
        return tz.fromutc(base.replace(tzinfo=tz))

    @classmethod
    def utcfromtimestamp(cls, t):
        return cls.fromtimestamp(t, None)

    @classmethod
    def combine(cls, d, t, tzinfo=True):
        if tzinfo is True:
            tzinfo = t.tzinfo
        return cls(d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond, tzinfo)

    @classmethod
    def fromordinal(cls, n):
        return cls(*_ord2ymd(n))

    @classmethod
    def fromisoformat(cls, s):
        if not isinstance(s, str):
            raise TypeError("fromisoformat: argument must be str")
        try:
            if len(s) in (7, 8, 10):
                return cls(*_parse_isodate(s))
            if len(s) > 10 and s[4] == "-" or (len(s) > 8 and s[4] != "-" and s[4] != "W"):
                n = 10 if s[4] == "-" else 8
                if len(s) > 8 and (s[4] == "W" or s[5] == "W"):
                    raise ValueError
                y, m, d = _parse_isodate(s[:n])
                h, mi, sec, us, tz = _parse_isotime(s[n + 1:])
                return cls(y, m, d, h, mi, sec, us, tz)
            raise ValueError
        except (ValueError, IndexError):
            raise ValueError("Invalid isoformat string: %r" % (s,))

    @classmethod
    def strptime(cls, s, fmt):
        return _strptime(cls, s, fmt)

    def date(self):
        return date(self._y, self._m, self._dd)

    def time(self):
        return time(self._h, self._mi, self._sec, self._usec, fold=self._fold)

    def timetz(self):
        return time(self._h, self._mi, self._sec, self._usec, self._tz, fold=self._fold)

    def utcoffset(self):
        if self._tz is None:
            return None
        off = self._tz.utcoffset(self)
        return off

    def dst(self):
        return None if self._tz is None else self._tz.dst(self)

    def tzname(self):
        return None if self._tz is None else self._tz.tzname(self)

    def timetuple(self):
        dst = self.dst()
        isdst = -1 if dst is None else (1 if dst else 0)
        return _struct_time((self._y, self._m, self._dd, self._h, self._mi, self._sec, self.weekday(),
                             self._yday(), isdst))

    def _us(self):
        return ((self.toordinal() * 86400 + self._h * 3600 + self._mi * 60 + self._sec) * 1000000
                + self._usec)

    def _utc_us(self):
        off = self.utcoffset()
        return self._us() - (off._total_us() if off is not None else 0)

    def timestamp(self):
        return (self._utc_us() - _EPOCH_US) / 10 ** 6

    def utctimetuple(self):
        d = self - self.utcoffset() if self._tz is not None and self.utcoffset() is not None else self
        return _struct_time(tuple(d.timetuple())[:8] + (0,))

    def astimezone(self, tz=None):
        if tz is None:
            tz = timezone.utc
        if not isinstance(tz, tzinfo):
            raise TypeError("tzinfo argument must be None or of a tzinfo subclass")
        if self._tz is tz:
            return self
        utc = (self - (self.utcoffset() or timedelta(0))).replace(tzinfo=tz)
        return tz.fromutc(utc)

    def isoformat(self, sep="T", timespec="auto"):
        return ("%04d-%02d-%02d%s" % (self._y, self._m, self._dd, sep)
                + _fmt_time(self._h, self._mi, self._sec, self._usec, timespec)
                + _fmt_offset(self.utcoffset(), ":"))

    def __str__(self):
        return self.isoformat(" ")

    def __repr__(self):
        s = "%d, %d, %d, %d, %d" % (self._y, self._m, self._dd, self._h, self._mi)
        if self._sec or self._usec:
            s += ", %d" % self._sec
        if self._usec:
            s += ", %d" % self._usec
        if self._tz is not None:
            s += ", tzinfo=%r" % (self._tz,)
        return "datetime.datetime(%s)" % s

    def ctime(self):
        return self.strftime("%a %b %e %H:%M:%S %Y")

    def strftime(self, fmt):
        return _wrap_strftime(fmt, self, (self._y, self._m, self._dd, self._h, self._mi, self._sec,
                                          self.weekday(), self._yday(), self._usec))

    def replace(self, year=None, month=None, day=None, hour=None, minute=None, second=None,
                microsecond=None, tzinfo=True, *, fold=None):
        return type(self)(self._y if year is None else year, self._m if month is None else month,
                          self._dd if day is None else day, self._h if hour is None else hour,
                          self._mi if minute is None else minute, self._sec if second is None else second,
                          self._usec if microsecond is None else microsecond,
                          self._tz if tzinfo is True else tzinfo, fold=self._fold if fold is None else fold)

    def _both(self, other, op):
        if type(self) is datetime and type(other) is datetime and self._tz is None and other._tz is None:
            return self._us(), other._us()  # both naive: what the general path below returns
        if not isinstance(other, datetime):
            raise TypeError("'%s' not supported between instances of '%s' and '%s'" % (op, type(self).__name__, type(other).__name__))
        a, b = self.utcoffset(), other.utcoffset()
        if (a is None) != (b is None):
            raise TypeError("can't compare offset-naive and offset-aware datetimes")
        if self._tz is other._tz:
            return self._us(), other._us()
        return self._utc_us(), other._utc_us()

    def __eq__(self, other):
        if not isinstance(other, datetime):
            return False if isinstance(other, date) else NotImplemented
        if (self.utcoffset() is None) != (other.utcoffset() is None):
            return False
        return self._utc_us() == other._utc_us()

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __lt__(self, other):
        a, b = self._both(other, "<")
        return a < b

    def __le__(self, other):
        a, b = self._both(other, "<=")
        return a <= b

    def __gt__(self, other):
        a, b = self._both(other, ">")
        return a > b

    def __ge__(self, other):
        a, b = self._both(other, ">=")
        return a >= b

    def __hash__(self):
        return hash(self._utc_us())

    def __add__(self, other):
        if not isinstance(other, timedelta):
            return NotImplemented
        us = self._us() + other._total_us()
        days, rest = divmod(us, 86400000000)
        if not 0 < days <= 3652059:
            raise OverflowError("date value out of range")
        y, m, d = _ord2ymd(days)
        secs, usec = divmod(rest, 1000000)
        hh, secs = divmod(secs, 3600)
        mi, ss = divmod(secs, 60)
        return type(self)(y, m, d, hh, mi, ss, usec, self._tz)

    __radd__ = __add__

    def __sub__(self, other):
        if isinstance(other, timedelta):
            return self + -other
        if isinstance(other, datetime):
            a, b = self.utcoffset(), other.utcoffset()
            if (a is None) != (b is None):
                raise TypeError("can't subtract offset-naive and offset-aware datetimes")
            if self._tz is other._tz:
                return timedelta(microseconds=self._us() - other._us())
            return timedelta(microseconds=self._utc_us() - other._utc_us())
        return NotImplemented

    def __reduce__(self):
        return type(self), (self._y, self._m, self._dd, self._h, self._mi, self._sec, self._usec, self._tz)


datetime.min = datetime(1, 1, 1)
datetime.max = datetime(9999, 12, 31, 23, 59, 59, 999999)
datetime.resolution = timedelta(microseconds=1)
_EPOCH_US = _ymd2ord(1970, 1, 1) * 86400 * 1000000


_STRP_RANGES = {"m": (1, 12), "d": (1, 31), "H": (0, 23), "M": (0, 59), "S": (0, 61), "I": (1, 12),
                "j": (1, 366), "U": (0, 53), "W": (0, 53)}


def _strptime(cls, s, fmt):
    if not isinstance(s, str):
        raise TypeError("strptime() argument 1 must be str, not %s" % type(s).__name__)
    # the numeric directives in C (c/hlc_datetime.c), with the same rules as _strptime_vals
    r = _strptime_scan(s, fmt)
    if r is None:
        r = _strptime_vals(s, fmt)
    elif r is False:
        raise ValueError("time data %r does not match format %r" % (s, fmt))
    vals, j = r
    if j < len(s):
        raise ValueError("unconverted data remains: %s" % s[j:])
    year = vals.get("Y")
    if year is None:
        year = vals["y"] + (2000 if vals["y"] < 69 else 1900) if "y" in vals else 1900
    month = vals.get("m", 1)
    day = vals.get("d", 1)
    if "j" in vals and "m" not in vals and "d" not in vals:
        y, month, day = _ord2ymd(_ymd2ord(year, 1, 1) + vals["j"] - 1)
    hour = vals.get("H", 0)
    if "I" in vals:
        hour = vals["I"] % 12
        if vals.get("p") == 1:
            hour += 12
    tz = None
    if "z" in vals:
        tz = timezone.utc if not vals["z"] else timezone(vals["z"])
    return cls(year, month, day, hour, vals.get("M", 0), vals.get("S", 0), vals.get("f", 0), tz)


def _strptime_vals(s, fmt):
    """(directive values, index where the scan of s ended); ValueError where s does not match."""
    vals = {}
    i = 0
    j = 0
    n = len(fmt)
    ls = len(s)

    def fail():
        raise ValueError("time data %r does not match format %r" % (s, fmt))

    def digits(lo, hi):
        k = j
        while k < ls and k - j < hi and s[k].isdigit():
            k += 1
        if k - j < lo:
            fail()
        return int(s[j:k]), k

    def word(names):
        low = s[j:].lower()
        best = None
        for idx, name in enumerate(names):
            if low.startswith(name.lower()) and (best is None or len(name) > len(names[best])):
                best = idx
        if best is None:
            fail()
        return best, j + len(names[best])

    while i < n:
        c = fmt[i]
        if c == "%" and i + 1 < n:
            d = fmt[i + 1]
            i += 2
            if d == "Y":
                vals["Y"], j = digits(4, 4)
            elif d == "y":
                vals["y"], j = digits(2, 2)
            elif d in "mdHMSIjU W":
                v, j = digits(1, 3 if d == "j" else 2)
                lo, hi = _STRP_RANGES.get(d, (0, 99))
                if not lo <= v <= hi:
                    fail()
                vals[d] = v
            elif d == "f":
                k = j
                while k < ls and k - j < 6 and s[k].isdigit():
                    k += 1
                if k == j:
                    fail()
                vals["f"] = int((s[j:k] + "000000")[:6])
                j = k
            elif d == "b" or d == "h":
                idx, j = word([m[:3] for m in _MONTHS])
                vals["m"] = idx + 1
            elif d == "B":
                idx, j = word(list(_MONTHS))
                vals["m"] = idx + 1
            elif d == "a":
                idx, j = word([x[:3] for x in _DAYS])
                vals["wd"] = idx
            elif d == "A":
                idx, j = word(list(_DAYS))
                vals["wd"] = idx
            elif d == "p":
                idx, j = word(["AM", "PM"])
                vals["p"] = idx
            elif d == "z":
                if s[j:j + 1] == "Z":
                    vals["z"] = timedelta(0)
                    j += 1
                else:
                    if s[j:j + 1] not in ("+", "-"):
                        fail()
                    sign = -1 if s[j] == "-" else 1
                    k = j + 1
                    while k < ls and (s[k].isdigit() or s[k] in ":."):
                        k += 1
                    body = s[j + 1:k].replace(":", "")
                    if len(body) < 4 or not body[:4].isdigit():
                        fail()
                    hh, mm = int(body[:2]), int(body[2:4])
                    ss = int(body[4:6]) if len(body) >= 6 else 0
                    us = int((body[7:] + "000000")[:6]) if len(body) > 7 else 0
                    vals["z"] = sign * timedelta(hours=hh, minutes=mm, seconds=ss, microseconds=us)
                    j = k
            elif d == "Z":
                for name in ("UTC", "GMT"):
                    if s[j:j + 3].upper() == name:
                        vals["Z"] = name
                        j += 3
                        break
                else:
                    fail()
            elif d == "%":
                if s[j:j + 1] != "%":
                    fail()
                j += 1
            else:
                raise ValueError("'%s' is a bad directive in format '%s'" % (d, fmt))
        elif c.isspace():
            i += 1
            while j < ls and s[j].isspace():
                j += 1
        else:
            if j >= ls or s[j] != c:
                fail()
            i += 1
            j += 1
    return vals, j


__all__ = ("date", "datetime", "time", "timedelta", "timezone", "tzinfo", "MINYEAR", "MAXYEAR", "UTC")
