"""CPython 3.11's `_sre` interface for the guest, on CPython's own matcher (c/hlc_sre.c).

CPython's Lib/re (frozen from the fetched CPython source, see guest/build.rs) compiles a pattern
to SRE code and calls compile() here; Pattern, Match and Scanner follow Modules/_sre/sre.c
(arguments, results, reprs, errors), with the matching loops (search, findall, split, sub) in C.
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
        st = self._state(string, pos, endpos)
        m = st.scan(mode)
        return None if m is None else Match(self, st, m)

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
        return st.sub(filter, is_callable, count, Match, self)

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


class Match:
    def __init__(self, pattern, state, marks):
        self.re = pattern
        self._st = state
        self._m = marks

    @property
    def string(self):
        return self._st.string

    @property
    def pos(self):
        return self._st.pos

    @property
    def endpos(self):
        return self._st.endpos

    def _getindex(self, g):
        if isinstance(g, int):
            i = g
        else:
            i = self.re._groupindex.get(g, -1)
            if not isinstance(i, int):
                i = -1
        if i < 0 or i > self.re.groups:
            raise IndexError("no such group")
        return i

    def _get(self, i, default):
        a = self._m[1 + 2 * i]
        if a < 0:
            return default
        return self._st.slice(a, self._m[2 + 2 * i])

    def group(self, *args):
        if not args:
            m = self._m
            return self._st.slice(m[1], m[2])
        if len(args) == 1:
            return self._get(self._getindex(args[0]), None)
        return tuple(self._get(self._getindex(g), None) for g in args)

    def __getitem__(self, g):
        return self._get(self._getindex(g), None)

    def groups(self, default=None):
        return tuple(self._get(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        d = {}
        for name, i in self.re._groupindex.items():
            d[name] = self._get(self._getindex(i), default)
        return d

    def start(self, group=0):
        return self._m[1 + 2 * self._getindex(group)]

    def end(self, group=0):
        return self._m[2 + 2 * self._getindex(group)]

    def span(self, group=0):
        i = self._getindex(group)
        return (self._m[1 + 2 * i], self._m[2 + 2 * i])

    @property
    def regs(self):
        m = self._m
        return tuple((m[1 + 2 * i], m[2 + 2 * i]) for i in range(self.re.groups + 1))

    @property
    def lastindex(self):
        i = self._m[0]
        return None if i < 0 else i

    @property
    def lastgroup(self):
        i = self._m[0]
        ig = self.re._indexgroup
        if i < 0 or ig is None or i >= len(ig):
            return None
        return ig[i]

    def expand(self, template):
        import re
        return re._expand(self.re, self, template)

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%s>" % (self._m[1], self._m[2], repr(self._get(0, None))[:50])

    def __bool__(self):
        return True

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Scanner:
    def __init__(self, pattern, state):
        self.pattern = pattern
        self._st = state

    def match(self):
        m = self._st.scan(0)
        return None if m is None else Match(self.pattern, self._st, m)

    def search(self):
        m = self._st.scan(2)
        return None if m is None else Match(self.pattern, self._st, m)
