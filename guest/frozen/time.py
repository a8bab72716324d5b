"""time for the guest (CPython 3.11 behaviour), on the host's clocks.

The clocks are read from the host through ``_hlc.system("time.now")``: the wall clock
(time(), time_ns()) and a monotonic clock counting from the sandbox's creation (monotonic(),
perf_counter(), process_time(): the sandbox keeps no CPU-time account, so process_time() and
thread_time() are the monotonic clock too). sleep() sleeps on the host, never past the run's
time limit: a sleep that outlasts it ends the run with the timeout.

The sandbox's local time zone is UTC: localtime() equals gmtime() (tm_zone 'UTC'),
mktime() is the inverse of gmtime(), timezone = altzone = 0, daylight = 0.
"""

from _hlc import system as _system

timezone = 0
altzone = 0
daylight = 0
tzname = ("UTC", "UTC")

_FIELDS = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst")


def time_ns():
    return _system("time.now")[0]


def time():
    return _system("time.now")[0] / 1e9


def monotonic_ns():
    return _system("time.now")[1]


def monotonic():
    return _system("time.now")[1] / 1e9


perf_counter_ns = monotonic_ns
perf_counter = monotonic
process_time_ns = monotonic_ns
process_time = monotonic
thread_time_ns = monotonic_ns
thread_time = monotonic


def _index(x):
    if isinstance(x, bool) or isinstance(x, int):
        return int(x)
    if hasattr(x, "__index__"):
        return x.__index__()
    raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__)


def sleep(secs):
    if not isinstance(secs, float):
        secs = _index(secs)
    elif secs != secs:
        raise ValueError("Invalid value NaN (not a number)")
    if not -(1 << 63) <= secs * 1000000000 < 1 << 63:
        # (CPython's limit: the length in ns must fit 64 bits)
        raise OverflowError("timestamp too large to convert to C _PyTime_t")
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    _system("time.sleep", seconds=secs)


class struct_time(tuple):
    """The 9 fields of a broken-down time (a tuple), with tm_zone and tm_gmtoff attributes.

    Built from a 10- or 11-sequence (with tm_zone, tm_gmtoff) it keeps all the items as a
    tuple (CPython's has length 9): MicroPython cannot override tuple.__new__."""

    n_fields = 11
    n_sequence_fields = 9
    n_unnamed_fields = 0

    def __init__(self, seq, *_):
        try:
            n = len(seq)
        except TypeError:
            n = 9
        if n < 9:
            raise TypeError("time.struct_time() takes an at least 9-sequence (%d-sequence given)" % n)
        if n > 11:
            raise TypeError("time.struct_time() takes an at most 11-sequence (%d-sequence given)" % n)
        self._zone = seq[9] if n > 9 else None
        self._gmtoff = seq[10] if n > 10 else None

    tm_year = property(lambda self: self[0])
    tm_mon = property(lambda self: self[1])
    tm_mday = property(lambda self: self[2])
    tm_hour = property(lambda self: self[3])
    tm_min = property(lambda self: self[4])
    tm_sec = property(lambda self: self[5])
    tm_wday = property(lambda self: self[6])
    tm_yday = property(lambda self: self[7])
    tm_isdst = property(lambda self: self[8])
    tm_zone = property(lambda self: self._zone)
    tm_gmtoff = property(lambda self: self._gmtoff)

    def __repr__(self):
        return "time.struct_time(" + ", ".join("%s=%r" % (f, v) for f, v in zip(_FIELDS, self)) + ")"

    __str__ = __repr__

    def __reduce__(self):
        return (struct_time, (tuple(self)[:9], {"tm_zone": self._zone, "tm_gmtoff": self._gmtoff}))


def _struct(nine, zone=None, gmtoff=None):
    st = struct_time(nine)
    st._zone = zone
    st._gmtoff = gmtoff
    return st


def _tuple(t, who):
    if isinstance(t, struct_time):
        return tuple(t)[:9]
    if not isinstance(t, tuple):
        raise TypeError("Tuple or struct_time argument required")
    if len(t) != 9:
        raise TypeError("%s(): illegal time tuple argument" % who)
    return tuple(_index(v) for v in t)


def _broken_down(secs, zone):
    if secs is None:
        secs = _system("time.now")[0] // 1000000000
    elif isinstance(secs, float):
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        if secs in (float("inf"), float("-inf")):
            raise OverflowError("timestamp out of range for platform time_t")
        secs = int(secs // 1)
    else:
        secs = _index(secs)
    days, rem = divmod(secs, 86400)
    from datetime import date

    try:
        d = date.fromordinal(719163 + days)
    except ValueError:
        raise OverflowError("timestamp out of range for platform time_t")
    return _struct((d.year, d.month, d.day, rem // 3600, rem // 60 % 60, rem % 60, d.weekday(),
                    d.toordinal() - date(d.year, 1, 1).toordinal() + 1, 0), zone, 0)


def gmtime(secs=None):
    return _broken_down(secs, "GMT")


def localtime(secs=None):
    """The local time, which is UTC in the sandbox."""
    return _broken_down(secs, "UTC")


def mktime(t):
    """Inverse of localtime() (UTC in the sandbox); out-of-range fields are normalised, as C mktime."""
    y, m, d, hh, mi, ss = _tuple(t, "mktime")[:6]
    from datetime import date

    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    days = date(y, m, 1).toordinal() - 719163 + d - 1
    return float(days * 86400 + hh * 3600 + mi * 60 + ss)


def _now_tuple():
    return tuple(localtime())


def strftime(format, t=None):
    if not isinstance(format, str):
        raise TypeError("strftime() argument 1 must be str, not %s" % type(format).__name__)
    if t is None:
        tt = _now_tuple()
        zone = "UTC"
    else:
        zone = t.tm_zone if isinstance(t, struct_time) and t.tm_zone is not None else "UTC"
        tt = _tuple(t, "strftime")
    y, m, d, hh, mi, ss, wd, yd, dst = tt
    # As CPython's checktm: 0 stands for the first month, day of month and day of year.
    m = m or 1
    d = d or 1
    yd = yd or 1
    if not 1 <= m <= 12:
        raise ValueError("month out of range")
    if not 1 <= d <= 31:
        raise ValueError("day of month out of range")
    if not 0 <= hh <= 23:
        raise ValueError("hour out of range")
    if not 0 <= mi <= 59:
        raise ValueError("minute out of range")
    if not 0 <= ss <= 61:
        raise ValueError("seconds out of range")
    if not 1 <= yd <= 366:
        raise ValueError("day of year out of range")
    if wd < 0:
        raise ValueError("day of week out of range")
    from datetime import _wrap_strftime

    return _wrap_strftime(format, _Zone(zone), (y, m, d, hh, mi, ss, wd % 7, yd, 0))


class _Zone:
    def __init__(self, name):
        self._name = name

    def utcoffset(self):
        from datetime import timedelta

        return timedelta(0)

    def tzname(self):
        return self._name


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def asctime(t=None):
    y, m, d, hh, mi, ss, wd = (_now_tuple() if t is None else _tuple(t, "asctime"))[:7]
    if not 1 <= m <= 12:
        raise ValueError("month out of range")
    return "%s %s %2d %02d:%02d:%02d %d" % (_DAYS[wd % 7], _MONTHS[m - 1], d, hh, mi, ss, y)


def ctime(secs=None):
    return asctime(localtime(secs))


def strptime(string, format="%a %b %d %H:%M:%S %Y"):
    from datetime import datetime

    d = datetime.strptime(string, format)
    return _struct((d.year, d.month, d.day, d.hour, d.minute, d.second, d.weekday(),
                    d.toordinal() - datetime(d.year, 1, 1).toordinal() + 1, -1))


class _ClockInfo:
    def __init__(self, implementation, monotonic, adjustable):
        self.implementation = implementation
        self.monotonic = monotonic
        self.adjustable = adjustable
        self.resolution = 1e-09

    def __repr__(self):
        return "namespace(implementation=%r, monotonic=%r, adjustable=%r, resolution=%r)" % (
            self.implementation, self.monotonic, self.adjustable, self.resolution)


def get_clock_info(name):
    if name == "time":
        return _ClockInfo("host wall clock", False, True)
    if name in ("monotonic", "perf_counter", "process_time", "thread_time"):
        return _ClockInfo("host monotonic clock", True, False)
    raise ValueError("unknown clock")


__all__ = ["time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns",
           "process_time", "process_time_ns", "thread_time", "thread_time_ns", "sleep", "gmtime",
           "localtime", "mktime", "strftime", "strptime", "asctime", "ctime", "struct_time",
           "get_clock_info", "timezone", "altzone", "daylight", "tzname"]
