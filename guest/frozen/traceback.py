"""traceback for the guest: the text CPython's traceback module formats, from the guest's own
traceback printer (_hlc.format_exception, the one uncaught exceptions use, chained exceptions
included). Frames carry file, line and function name; source lines are not kept, so none are
shown (as CPython shows none for code it has no file for)."""

import sys

import _hlc

__all__ = [
    "format_exc", "print_exc", "format_exception", "print_exception", "format_exception_only",
    "format_tb", "print_tb", "format_stack", "print_stack", "extract_tb", "TracebackException",
]

_SENTINEL = object()


def _value(exc, value):
    # format_exception(exc) (3.10+) or format_exception(type, value, tb)
    if value is _SENTINEL:
        return exc
    return value


def _lines(text):
    out = []
    start = 0
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            out.append(text[start:])
            break
        out.append(text[start:end + 1])
        start = end + 1
    return out


def _entries(text):
    # CPython's format_exception returns one string per traceback entry / header / message line.
    return _lines(text)


def format_exception_only(exc, value=_SENTINEL):
    value = _value(exc, value)
    if value is None:
        return ["NoneType: None\n"]
    name = type(value).__name__
    msg = str(value)
    return ["%s: %s\n" % (name, msg) if msg else name + "\n"]


def format_exception(exc, value=_SENTINEL, tb=None, limit=None, chain=True):
    value = _value(exc, value)
    if value is None:
        return ["NoneType: None\n"]
    return _entries(_hlc.format_exception(value, chain))


def format_exc(limit=None, chain=True):
    return "".join(format_exception(sys.exc_info()[1], limit=limit, chain=chain))


def print_exception(exc, value=_SENTINEL, tb=None, limit=None, file=None, chain=True):
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit, chain):
        print(line, file=file, end="")


def print_exc(limit=None, file=None, chain=True):
    print_exception(sys.exc_info()[1], limit=limit, file=file, chain=chain)


def format_tb(tb, limit=None):
    # Only exceptions carry their frames here: format_tb(exc.__traceback__) is not available;
    # format_tb(exc) gives the frame lines of exc.
    if isinstance(tb, BaseException):
        lines = _lines(_hlc.format_exception(tb, False))
        return [l for l in lines if l.startswith("  ")]
    return []


def print_tb(tb, limit=None, file=None):
    if file is None:
        file = sys.stderr
    for line in format_tb(tb, limit):
        print(line, file=file, end="")


def extract_tb(tb, limit=None):
    return format_tb(tb, limit)


def format_stack(f=None, limit=None):
    return []


def print_stack(f=None, limit=None, file=None):
    pass


class TracebackException:
    def __init__(self, exc_type, exc_value, exc_traceback, limit=None, **kwargs):
        self.exc_type = exc_type
        self._value = exc_value
        self.__cause__ = exc_value.__cause__ if exc_value is not None else None
        self.__context__ = exc_value.__context__ if exc_value is not None else None
        self.__suppress_context__ = exc_value.__suppress_context__ if exc_value is not None else False

    @classmethod
    def from_exception(cls, exc, limit=None, **kwargs):
        return cls(type(exc), exc, None, limit=limit)

    def format(self, chain=True):
        return iter(format_exception(self._value, chain=chain))

    def format_exception_only(self):
        return iter(format_exception_only(self._value))

    def __str__(self):
        return str(self._value)
