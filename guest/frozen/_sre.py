"""CPython 3.11's `_sre` interface for the guest, on CPython's own matcher (c/hlc_sre.c).

CPython's Lib/re (frozen from the fetched CPython source, see guest/build.rs) compiles a pattern
to SRE code and calls compile() here; Pattern, Match and Scanner follow Modules/_sre/sre.c
(arguments, results, reprs, errors), with Match and the matching loops (search, findall, split,
sub) in C.
"""

import _hlc_sre

MAGIC = _hlc_sre.MAGIC
CODESIZE = _hlc_sre.CODESIZE
MAXREPEAT = _hlc_sre.MAXREPEAT
MAXGROUPS = _hlc_sre.MAXGROUPS
ascii_iscased = _hlc_sre.ascii_iscased
unicode_iscased = _hlc_sre.unicode_iscased
ascii_tolower = _hlc_sre.ascii_tolower
unicode_tolower = _hlc_sre.unicode_tolower
copyright = " SRE 2.2.2 Copyright (c) 1997-2002 by Secret Labs AB "

_MAXSIZE = 9223372036854775807
_State = _hlc_sre.State
Match = _hlc_sre.Match
_FLAG_NAMES = (
    (1, "re.TEMPLATE"), (2, "re.IGNORECASE"), (4, "re.LOCALE"), (8, "re.MULTILINE"),
    (16, "re.DOTALL"), (32, "re.UNICODE"), (64, "re.VERBOSE"), (128, "re.DEBUG"), (256, "re.ASCII"),
)


def getcodesize():
    return CODESIZE


def _index(x, name):
    if isinstance(x, int):
        return x
    try:
        return x.__index__()
    except AttributeError:
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(x).__name__) from None


def compile(pattern, flags, code, groups, groupindex, indexgroup):
    return Pattern(pattern, flags, code, groups, groupindex, indexgroup)


def _isbytes(pattern):
    if pattern is None:
        return -1
    if isinstance(pattern, str):
        return 0
    memoryview(pattern)  # TypeError for what is neither str nor bytes-like
    return 1


class Pattern:
    def __init__(self, pattern, flags, code, groups, groupindex, indexgroup):
        self.pattern = pattern
        self.flags = flags
        self.groups = groups
        self._groupindex = groupindex
        self._indexgroup = indexgroup
        self._isbytes = _isbytes(pattern)
        self._codelist = tuple(code)
        self._code = _hlc_sre.code(code, groups)

    @property
    def groupindex(self):
        return dict(self._groupindex)

    def _state(self, string, pos, endpos):
        return _State(self._code, self.groups, string, _index(pos, "pos"),
                      None if endpos == _MAXSIZE else _index(endpos, "endpos"), self._isbytes)

    def _one(self, string, pos, endpos, mode):
        return self._state(string, pos, endpos).scan(mode, self)

    def match(self, string, pos=0, endpos=_MAXSIZE):
        return self._one(string, pos, endpos, 0)

    def fullmatch(self, string, pos=0, endpos=_MAXSIZE):
        return self._one(string, pos, endpos, 1)

    def search(self, string, pos=0, endpos=_MAXSIZE):
        return self._one(string, pos, endpos, 2)

    def findall(self, string, pos=0, endpos=_MAXSIZE):
        return self._state(string, pos, endpos).findall()

    def finditer(self, string, pos=0, endpos=_MAXSIZE):
        return iter(self.scanner(string, pos, endpos).search, None)

    def scanner(self, string, pos=0, endpos=_MAXSIZE):
        return Scanner(self, self._state(string, pos, endpos))

    def split(self, string, maxsplit=0):
        return self._state(string, 0, _MAXSIZE).split(_index(maxsplit, "maxsplit"))

    def _subx(self, repl, string, count):
        if callable(repl):
            filter, is_callable = repl, True
        else:
            if isinstance(repl, str):
                literal = "\\" not in repl
            else:
                try:
                    literal = b"\\" not in bytes(memoryview(repl))
                except TypeError:
                    literal = False
            if literal:
                filter, is_callable = repl, False
            else:
                import re
                filter = re._subx(self, repl)
                is_callable = callable(filter)
        count = _index(count, "count")
        st = self._state(string, 0, _MAXSIZE)
        return st.sub(filter, is_callable, count, self)

    def sub(self, repl, string, count=0):
        return self._subx(repl, string, count)[0]

    def subn(self, repl, string, count=0):
        return self._subx(repl, string, count)

    def __repr__(self):
        flags = self.flags
        if self._isbytes == 0 and (flags & (4 | 32 | 256)) == 32:
            flags &= ~32
        names = []
        for value, name in _FLAG_NAMES:
            if flags & value:
                names.append(name)
                flags &= ~value
        if flags:
            names.append("0x%x" % flags)
        text = repr(self.pattern)[:200]
        if names:
            return "re.compile(%s, %s)" % (text, "|".join(names))
        return "re.compile(%s)" % text

    def __eq__(self, other):
        if self is other:
            return True
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.flags == other.flags and self._isbytes == other._isbytes
                and self._codelist == other._codelist and self.pattern == other.pattern)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash((self.pattern, self.flags, self._codelist)) & 0x7FFFFFFFFFFFFFFF

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        import re
        return re._compile, (self.pattern, self.flags)


class Scanner:
    def __init__(self, pattern, state):
        self.pattern = pattern
        self._st = state

    def match(self):
        return self._st.scan(0, self.pattern)

    def search(self):
        return self._st.scan(2, self.pattern)
