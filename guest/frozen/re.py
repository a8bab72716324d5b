"""A CPython-compatible `re` for the guest, written for MicroPython.

MicroPython's built-in `re` (re1.5) lacks most of CPython's syntax and API, so this module has its
own engine: patterns are parsed into a node tree, compiled into a flat instruction list and run by
a backtracking machine with an explicit stack (no recursion per character, so long inputs do not
hit the guest's small C stack). Runs of single-character nodes (`\\d+`, `[^,]*`, `.*`) are matched
by tight loops. The subject string is turned into something indexable in O(1) (MicroPython str
indexing walks UTF-8): ASCII text into bytes, other text into a list of code points.

Unicode data for \\w \\d \\s and IGNORECASE beyond ASCII lives in _re_unicode, imported only when
a non-ASCII character needs it.
"""

try:
    from micropython import const
except ImportError:  # CPython (the tests run this module there too)

    def const(x):
        return x


__all__ = [
    "match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "compile",
    "purge", "escape", "error", "Pattern", "Match", "A", "I", "L", "M", "S", "X", "U",
    "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE", "UNICODE", "NOFLAG",
    "RegexFlag", "PatternError",
]

NOFLAG = 0
I = IGNORECASE = 2
L = LOCALE = 4
M = MULTILINE = 8
S = DOTALL = 16
U = UNICODE = 32
X = VERBOSE = 64
DEBUG = 128
A = ASCII = 256


class RegexFlag:
    """The flag values (plain ints here, not an enum)."""

    NOFLAG = 0
    IGNORECASE = I = 2
    LOCALE = L = 4
    MULTILINE = M = 8
    DOTALL = S = 16
    UNICODE = U = 32
    VERBOSE = X = 64
    DEBUG = 128
    ASCII = A = 256


_FLAGNAMES = (
    (2, "re.IGNORECASE"), (4, "re.LOCALE"), (8, "re.MULTILINE"), (16, "re.DOTALL"),
    (32, "re.UNICODE"), (64, "re.VERBOSE"), (128, "re.DEBUG"), (256, "re.ASCII"),
)
_MAXREPEAT = 4294967295
_MAXCACHE = 512


class error(Exception):
    """Raised for an invalid pattern (also available as re.PatternError)."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        self.lineno = self.colno = None
        if pattern is not None and pos is not None:
            msg = "%s at position %d" % (msg, pos)
            nl = "\n" if isinstance(pattern, str) else b"\n"
            self.lineno = pattern.count(nl, 0, pos) + 1
            self.colno = pos - pattern.rfind(nl, 0, pos)
            if nl in pattern:
                msg = "%s (line %d, column %d)" % (msg, self.lineno, self.colno)
        super().__init__(msg)


PatternError = error

# ---------------------------------------------------------------------------------------------
# Character data

_DIGITS = "0123456789"
_OCTDIGITS = "01234567"
_HEXDIGITS = "0123456789abcdefABCDEF"
_WHITESPACE = " \t\n\r\v\f"
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ESCAPES = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_FLAGCHARS = {"i": 2, "L": 4, "m": 8, "s": 16, "x": 64, "a": 256, "u": 32}
_TYPEFLAGS = 4 | 32 | 256

# Class items: a (lo, hi) range, or one of these category codes.
_C_DIGIT = const(-1)
_C_NDIGIT = const(-2)
_C_WORD = const(-3)
_C_NWORD = const(-4)
_C_SPACE = const(-5)
_C_NSPACE = const(-6)
_CATEGORIES = {"d": -1, "D": -2, "w": -3, "W": -4, "s": -5, "S": -6}

_tables = {}  # lazily built 256-entry category tables, keyed (category, ascii)
_uni = {}  # lazily decoded Unicode data


def _boundaries(name):
    t = _uni.get(name)
    if t is None:
        import _re_unicode

        t = _uni[name] = list(map(ord, getattr(_re_unicode, name)))
    return t


def _in_bounds(b, c):
    # b is a sorted list start0, end0, start1, end1...: c is inside iff an odd number of
    # boundaries are <= c.
    lo, hi = 0, len(b)
    while lo < hi:
        mid = (lo + hi) >> 1
        if b[mid] <= c:
            lo = mid + 1
        else:
            hi = mid
    return lo & 1 == 1


def _u_word(c):
    if c < 128:
        return 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c == 95
    return _in_bounds(_boundaries("W"), c)


def _u_digit(c):
    if c < 128:
        return 48 <= c <= 57
    return _in_bounds(_boundaries("D"), c)


def _u_space(c):
    if c < 128:
        return 9 <= c <= 13 or 28 <= c <= 32
    return c == 133 or c == 160 or c == 5760 or 8192 <= c <= 8202 or c in (8232, 8233, 8239, 8287, 12288)


def _cat_test(cat, c, asc):
    # Membership of code point c in a category (for c >= 256 or when no table is at hand).
    if cat == _C_DIGIT or cat == _C_NDIGIT:
        r = (48 <= c <= 57) if asc else _u_digit(c)
    elif cat == _C_WORD or cat == _C_NWORD:
        r = (c < 128 and _u_word(c)) if asc else _u_word(c)
    else:
        r = (9 <= c <= 13 or c == 32) if asc else _u_space(c)
    return r != (cat & 1 == 0)


# The categories over 0..255 as ranges: (ASCII, Unicode) for \d, \w, \s (Latin-1 included, so
# that most patterns never load the Unicode tables).
_CAT_RANGES = {
    _C_DIGIT: (((48, 57),), ((48, 57),)),
    _C_WORD: (
        ((48, 57), (65, 90), (95, 95), (97, 122)),
        ((48, 57), (65, 90), (95, 95), (97, 122), (170, 170), (178, 179), (181, 181), (185, 186),
         (188, 190), (192, 214), (216, 246), (248, 255)),
    ),
    _C_SPACE: (((9, 13), (32, 32)), ((9, 13), (28, 32), (133, 133), (160, 160))),
}


def _cat_table(cat, asc):
    key = (cat, asc)
    t = _tables.get(key)
    if t is None:
        pos = cat if cat & 1 else cat + 1
        b = bytearray(256)
        for lo, hi in _CAT_RANGES[pos][0 if asc else 1]:
            b[lo:hi + 1] = b"\x01" * (hi - lo + 1)
        t = bytes(b) if pos == cat else _negate(b)
        _tables[key] = t
    return t


def _fold_map():
    m = _uni.get("fold")
    if m is None:
        import _re_unicode

        m = {}
        f = _re_unicode.FOLD
        for k in range(0, len(f), 4):
            c, n, step, d = f[k], f[k + 1], f[k + 2], f[k + 3]
            for j in range(n):
                m[c + j * step] = c + j * step + d
        _uni["fold"] = m
    return m


def _unfold_map():
    # fold value -> the other code points (>= 128) that fold to it
    m = _uni.get("unfold")
    if m is None:
        m = {}
        for c, f in _fold_map().items():
            if f in m:
                m[f].append(c)
            else:
                m[f] = [c]
        _uni["unfold"] = m
    return m


def _fold(c):
    if c < 128:
        return c + 32 if 65 <= c <= 90 else c
    return _fold_map().get(c, c)


def _fold_ascii(c):
    return c + 32 if 65 <= c <= 90 else c


def _preimages(f):
    """Code points other than f whose fold is f."""
    r = list(_unfold_map().get(f, ()))
    if 97 <= f <= 122:
        r.append(f - 32)
    return r


# ---------------------------------------------------------------------------------------------
# Parser: pattern -> node tree. Nodes are tuples whose first item is the kind.

_N_LIT = const(0)  # (kind, codepoint, flags)
_N_ANY = const(1)  # (kind, flags)
_N_SET = const(2)  # (kind, items, negated, flags)
_N_SEQ = const(3)  # (kind, [nodes])
_N_ALT = const(4)  # (kind, [nodes])
_N_GRP = const(5)  # (kind, group, node)
_N_REP = const(6)  # (kind, node, min, max (-1: no limit), mode 0 greedy 1 lazy 2 possessive)
_N_AT = const(7)  # (kind, code, flags)
_N_BREF = const(8)  # (kind, group, flags)
_N_LOOK = const(9)  # (kind, behind, negated, node)
_N_ATOM = const(10)  # (kind, node)
_N_COND = const(11)  # (kind, group, yes, no)

_AT_BEG = const(0)  # ^
_AT_BEGL = const(1)  # ^ with MULTILINE
_AT_END = const(2)  # $
_AT_ENDL = const(3)  # $ with MULTILINE
_AT_BOS = const(4)  # \A
_AT_EOS = const(5)  # \Z
_AT_BOUND = const(6)  # \b
_AT_NBOUND = const(7)  # \B

_EMPTY = (_N_SEQ, [])


class _Parser:
    def __init__(self, pattern, flags, isbytes):
        self.pattern = pattern
        self.c = [chr(b) for b in pattern] if isbytes else list(pattern)
        self.n = len(self.c)
        self.i = 0
        self.isbytes = isbytes
        self.flags = flags
        self.ngroups = 1  # groups so far + 1
        self.names = {}
        self.open = []
        self.widths = {}
        self.lookbehind = None  # first group number inside the lookbehind being parsed
        self.condrefs = {}  # conditional group numbers -> position, checked at the end

    def err(self, msg, pos):
        return error(msg, self.pattern, pos)

    def parse(self):
        node = self.alt(self.flags, 0)
        if self.i < self.n:
            raise self.err("unbalanced parenthesis", self.i)
        for g, pos in self.condrefs.items():
            if g >= self.ngroups:
                raise self.err("invalid group reference %d" % g, pos)
        return node

    def alt(self, fl, nested):
        branches = [self.seq(fl, nested, nested == 0)]
        if nested == 0:
            fl = self.flags  # global flags such as (?i) at the start apply to every branch
        c = self.c
        while self.i < self.n and c[self.i] == "|":
            self.i += 1
            branches.append(self.seq(fl, nested, False))
        if len(branches) == 1:
            return branches[0]
        return (_N_ALT, branches)

    def seq(self, fl, nested, first):
        items = []
        c = self.c
        n = self.n
        lastrep = False
        while self.i < n:
            ch = c[self.i]
            if ch == "|" or ch == ")":
                break
            start = self.i
            self.i += 1
            if fl & X:
                if ch in _WHITESPACE:
                    continue
                if ch == "#":
                    while self.i < n and c[self.i] != "\n":
                        self.i += 1
                    continue
            if ch in "*+?{":
                if ch == "{":
                    rng = self.counted()
                    if rng is None:
                        items.append((_N_LIT, 123, fl))
                        lastrep = False
                        continue
                    mn, mx = rng
                else:
                    mn, mx = (0, -1) if ch == "*" else (1, -1) if ch == "+" else (0, 1)
                if not items or items[-1][0] == _N_AT:
                    raise self.err("nothing to repeat", start)
                if lastrep:
                    raise self.err("multiple repeat", start)
                mode = 0
                if self.i < n:
                    if c[self.i] == "?":
                        mode = 1
                        self.i += 1
                    elif c[self.i] == "+":
                        mode = 2
                        self.i += 1
                items[-1] = (_N_REP, items[-1], mn, mx, mode)
                lastrep = True
                continue
            lastrep = False
            if ch == "\\":
                items.append(self.escape(fl, start))
            elif ch == "[":
                items.append(self.charset(fl, start))
            elif ch == "(":
                node = self.group(fl, start, nested, first and not items)
                if node is None:
                    continue
                if type(node) is int:  # global flags
                    fl = node
                    continue
                items.append(node)
            elif ch == ".":
                items.append((_N_ANY, fl))
            elif ch == "^":
                items.append((_N_AT, _AT_BEGL if fl & M else _AT_BEG, fl))
            elif ch == "$":
                items.append((_N_AT, _AT_ENDL if fl & M else _AT_END, fl))
            else:
                items.append((_N_LIT, ord(ch), fl))
        if len(items) == 1:
            return items[0]
        return (_N_SEQ, items)

    def counted(self):
        # After '{': parse 'm,n}'; None (and no input used) if this is not a repeat.
        c = self.c
        n = self.n
        here = self.i
        lo = ""
        while self.i < n and c[self.i] in _DIGITS:
            lo += c[self.i]
            self.i += 1
        hi = lo
        if self.i < n and c[self.i] == ",":
            self.i += 1
            hi = ""
            while self.i < n and c[self.i] in _DIGITS:
                hi += c[self.i]
                self.i += 1
        if self.i >= n or c[self.i] != "}" or (here < n and c[here] == "}"):
            self.i = here
            return None
        self.i += 1
        mn = int(lo) if lo else 0
        mx = int(hi) if hi else -1
        if mn >= _MAXREPEAT or mx >= _MAXREPEAT:
            raise OverflowError("the repetition number is too large")
        if mx >= 0 and mx < mn:
            raise self.err("min repeat greater than max repeat", here)
        return mn, mx

    def take(self, count, digits):
        s = ""
        c = self.c
        while len(s) < count and self.i < self.n and c[self.i] in digits:
            s += c[self.i]
            self.i += 1
        return s

    def hexescape(self, ch, start):
        # \x, \u, \U (the letter already read); returns the code point
        size = 2 if ch == "x" else 4 if ch == "u" else 8
        h = self.take(size, _HEXDIGITS)
        if len(h) != size:
            raise self.err("incomplete escape \\%s%s" % (ch, h), start)
        v = int(h, 16)
        if v > 0x10FFFF:
            raise self.err("bad escape \\%s%s" % (ch, h), start)
        return v

    def named_char(self, start):
        c = self.c
        if self.i >= self.n or c[self.i] != "{":
            raise self.err("missing {", self.i)
        self.i += 1
        j = self.i
        while j < self.n and c[j] != "}":
            j += 1
        if j >= self.n or j == self.i:
            raise self.err("missing character name", self.i)
        name = "".join(c[self.i:j])
        self.i = j + 1
        raise self.err("undefined character name %r" % name, start)

    def escape(self, fl, start):
        c = self.c
        if self.i >= self.n:
            raise self.err("bad escape (end of pattern)", start)
        ch = c[self.i]
        self.i += 1
        cat = _CATEGORIES.get(ch)
        if cat is not None:
            return (_N_SET, [cat], False, fl)
        if ch == "A":
            return (_N_AT, _AT_BOS, fl)
        if ch == "Z":
            return (_N_AT, _AT_EOS, fl)
        if ch == "b":
            return (_N_AT, _AT_BOUND, fl)
        if ch == "B":
            return (_N_AT, _AT_NBOUND, fl)
        if ch == "x" or (not self.isbytes and (ch == "u" or ch == "U")):
            return (_N_LIT, self.hexescape(ch, start), fl)
        if ch == "N" and not self.isbytes:
            self.named_char(start)
        if ch == "0":
            return (_N_LIT, int("0" + self.take(2, _OCTDIGITS), 8), fl)
        if ch in _DIGITS:
            digits = ch
            if self.i < self.n and c[self.i] in _DIGITS:
                digits += c[self.i]
                self.i += 1
                if (digits[0] in _OCTDIGITS and digits[1] in _OCTDIGITS and self.i < self.n
                        and c[self.i] in _OCTDIGITS):
                    digits += c[self.i]
                    self.i += 1
                    v = int(digits, 8)
                    if v > 0o377:
                        raise self.err("octal escape value \\%s outside of range 0-0o377" % digits, start)
                    return (_N_LIT, v, fl)
            g = int(digits)
            if g < self.ngroups:
                if g in self.open:
                    raise self.err("cannot refer to an open group", start)
                if self.lookbehind is not None and g >= self.lookbehind:
                    raise self.err("cannot refer to group defined in the same lookbehind subpattern", self.i)
                return (_N_BREF, g, fl)
            raise self.err("invalid group reference %d" % g, start + 1)
        v = _ESCAPES.get(ch)
        if v is not None:
            return (_N_LIT, v, fl)
        if ch in _LETTERS:
            raise self.err("bad escape \\" + ch, start)
        return (_N_LIT, ord(ch), fl)

    def class_escape(self, start):
        # after a backslash inside [...]: returns (code point or category, source text)
        c = self.c
        if self.i >= self.n:
            raise self.err("bad escape (end of pattern)", start)
        ch = c[self.i]
        self.i += 1
        cat = _CATEGORIES.get(ch)
        if cat is not None:
            return cat
        if ch == "x" or (not self.isbytes and (ch == "u" or ch == "U")):
            return self.hexescape(ch, start)
        if ch == "N" and not self.isbytes:
            self.named_char(start)
        if ch in _OCTDIGITS:
            digits = ch + self.take(2, _OCTDIGITS)
            v = int(digits, 8)
            if v > 0o377:
                raise self.err("octal escape value \\%s outside of range 0-0o377" % digits, start)
            return v
        if ch == "b":
            return 8
        v = _ESCAPES.get(ch)
        if v is not None:
            return v
        if ch in _LETTERS or ch in _DIGITS:
            raise self.err("bad escape \\" + ch, start)
        return ord(ch)

    def charset(self, fl, start):
        c = self.c
        n = self.n
        items = []
        neg = False
        if self.i < n and c[self.i] == "^":
            neg = True
            self.i += 1
        first = True
        while True:
            if self.i >= n:
                raise self.err("unterminated character set", start)
            p1 = self.i
            ch = c[self.i]
            self.i += 1
            if ch == "]" and not first:
                break
            first = False
            a = self.class_escape(p1) if ch == "\\" else ord(ch)
            if self.i < n and c[self.i] == "-":
                self.i += 1
                if self.i >= n:
                    raise self.err("unterminated character set", start)
                p2 = self.i
                ch = c[self.i]
                self.i += 1
                if ch == "]":
                    items.append(a if a < 0 else (a, a))
                    items.append((45, 45))
                    break
                b = self.class_escape(p2) if ch == "\\" else ord(ch)
                if a < 0 or b < 0 or b < a:
                    raise self.err("bad character range %s-%s" % ("".join(c[p1:p2 - 1]), "".join(c[p2:self.i])), p1)
                items.append((a, b))
            else:
                items.append(a if a < 0 else (a, a))
        return (_N_SET, items, neg, fl)

    def name(self, term, what="group name"):
        c = self.c
        start = self.i
        while True:
            if self.i >= self.n:
                if self.i == start:
                    raise self.err("missing " + what, start)
                raise self.err("missing %s, unterminated name" % term, start)
            ch = c[self.i]
            self.i += 1
            if ch == term:
                break
        if self.i - 1 == start:
            raise self.err("missing " + what, start)
        return "".join(c[start:self.i - 1]), start

    def check_name(self, name, pos):
        ok = name.isidentifier()
        if ok and self.isbytes:
            for ch in name:
                if ord(ch) > 127:
                    ok = False
        if not ok:
            raise self.err("bad character in group name %r" % name, pos)

    def group(self, fl, start, nested, first):
        c = self.c
        n = self.n
        if self.i < n and c[self.i] == "?":
            self.i += 1
            if self.i >= n:
                raise self.err("unexpected end of pattern", self.i)
            ch = c[self.i]
            self.i += 1
            if ch == "P":
                if self.i >= n:
                    raise self.err("unexpected end of pattern", self.i)
                ch = c[self.i]
                self.i += 1
                if ch == "<":
                    name, pos = self.name(">")
                    self.check_name(name, pos)
                    return self.capture(fl, start, nested, name, pos)
                if ch == "=":
                    name, pos = self.name(")")
                    self.check_name(name, pos)
                    g = self.names.get(name)
                    if g is None:
                        raise self.err("unknown group name %r" % name, pos)
                    if g in self.open:
                        raise self.err("cannot refer to an open group", pos)
                    if self.lookbehind is not None and g >= self.lookbehind:
                        raise self.err("cannot refer to group defined in the same lookbehind subpattern", self.i)
                    return (_N_BREF, g, fl)
                raise self.err("unknown extension ?P" + ch, start + 1)
            if ch == ":":
                node = self.alt(fl, nested + 1)
                self.close(start)
                return (_N_SEQ, [node]) if node[0] == _N_AT else node
            if ch == "#":
                while self.i < n and c[self.i] != ")":
                    self.i += 1
                if self.i >= n:
                    raise self.err("missing ), unterminated comment", start)
                self.i += 1
                return None
            if ch in "=!<":
                behind = ch == "<"
                if behind:
                    if self.i >= n:
                        raise self.err("unexpected end of pattern", self.i)
                    ch = c[self.i]
                    self.i += 1
                    if ch not in "=!":
                        raise self.err("unknown extension ?<" + ch, start + 1)
                    outer = self.lookbehind
                    if outer is None:
                        self.lookbehind = self.ngroups
                node = self.alt(fl, nested + 1)
                self.close(start)
                width = -1
                if behind:
                    self.lookbehind = outer
                    lo, hi = self.width(node)
                    if lo != hi:
                        raise self.err("look-behind requires fixed-width pattern", None)
                    width = lo
                return (_N_LOOK, width, ch == "!", node)
            if ch == "(":
                name, pos = self.name(")")
                if name.isidentifier():
                    g = self.names.get(name)
                    if g is None:
                        raise self.err("unknown group name %r" % name, pos)
                else:
                    ok = len(name) > 0
                    for d in name:
                        if d not in _DIGITS:
                            ok = False
                    if not ok:
                        raise self.err("bad character in group name %r" % name, pos)
                    g = int(name)
                    if g == 0:
                        raise self.err("bad group number", pos)
                    if g >= self.ngroups:
                        self.condrefs[g] = pos
                yes = self.seq(fl, nested + 1, False)
                no = None
                if self.i < n and c[self.i] == "|":
                    self.i += 1
                    no = self.seq(fl, nested + 1, False)
                    if self.i < n and c[self.i] == "|":
                        raise self.err("conditional backref with more than two branches", self.i)
                self.close(start)
                return (_N_COND, g, yes, no)
            if ch == ">":
                node = self.alt(fl, nested + 1)
                self.close(start)
                return (_N_ATOM, node)
            if ch in _FLAGCHARS or ch == "-":
                add, rem, glob = self.inline_flags(ch)
                if glob:
                    if not first:
                        raise self.err("global flags not at the start of the expression", start)
                    self.flags |= add
                    return fl | add
                node = self.alt((fl | add) & ~rem, nested + 1)
                self.close(start)
                return (_N_SEQ, [node]) if node[0] == _N_AT else node
            raise self.err("unknown extension ?" + ch, start + 1)
        return self.capture(fl, start, nested, None, 0)

    def capture(self, fl, start, nested, name, pos):
        g = self.ngroups
        self.ngroups += 1
        if name is not None:
            old = self.names.get(name)
            if old is not None:
                raise self.err("redefinition of group name %r as group %d; was group %d" % (name, g, old), pos)
            self.names[name] = g
        self.open.append(g)
        node = self.alt(fl, nested + 1)
        self.close(start)
        self.open.remove(g)
        self.widths[g] = self.width(node)
        return (_N_GRP, g, node)

    def close(self, start):
        if self.i >= self.n or self.c[self.i] != ")":
            raise self.err("missing ), unterminated subpattern", start)
        self.i += 1

    def inline_flags(self, ch):
        c = self.c
        n = self.n
        add = rem = 0
        if ch != "-":
            while True:
                if self.isbytes and ch == "u":
                    raise self.err("bad inline flags: cannot use 'u' flag with a bytes pattern", self.i)
                if not self.isbytes and ch == "L":
                    raise self.err("bad inline flags: cannot use 'L' flag with a str pattern", self.i)
                f = _FLAGCHARS[ch]
                add |= f
                if f & _TYPEFLAGS and add & _TYPEFLAGS != f:
                    raise self.err("bad inline flags: flags 'a', 'u' and 'L' are incompatible", self.i)
                if self.i >= n:
                    raise self.err("missing -, : or )", self.i)
                ch = c[self.i]
                self.i += 1
                if ch in ")-:":
                    break
                if ch not in _FLAGCHARS:
                    raise self.err("unknown flag" if ch.isalpha() else "missing -, : or )", self.i - 1)
        if ch == ")":
            return add, 0, True
        if ch == "-":
            if self.i >= n:
                raise self.err("missing flag", self.i)
            ch = c[self.i]
            self.i += 1
            if ch not in _FLAGCHARS:
                raise self.err("unknown flag" if ch.isalpha() else "missing flag", self.i - 1)
            while True:
                f = _FLAGCHARS[ch]
                if f & _TYPEFLAGS:
                    raise self.err("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", self.i)
                rem |= f
                if self.i >= n:
                    raise self.err("missing :", self.i)
                ch = c[self.i]
                self.i += 1
                if ch == ":":
                    break
                if ch not in _FLAGCHARS:
                    raise self.err("unknown flag" if ch.isalpha() else "missing :", self.i - 1)
        if add & rem:
            raise self.err("bad inline flags: flag turned on and off", self.i - 1)
        return add, rem, False

    def width(self, node):
        """(min, max) number of characters node can match; max is capped at _MAXREPEAT."""
        k = node[0]
        if k == _N_LIT or k == _N_ANY or k == _N_SET:
            return 1, 1
        if k == _N_SEQ:
            lo = hi = 0
            for it in node[1]:
                a, b = self.width(it)
                lo += a
                hi += b
            return min(lo, _MAXREPEAT), min(hi, _MAXREPEAT)
        if k == _N_ALT:
            lo, hi = _MAXREPEAT, 0
            for it in node[1]:
                a, b = self.width(it)
                lo = min(lo, a)
                hi = max(hi, b)
            return lo, hi
        if k == _N_GRP:
            return self.width(node[2])
        if k == _N_REP:
            a, b = self.width(node[1])
            mx = _MAXREPEAT if node[3] < 0 else node[3]
            return min(a * node[2], _MAXREPEAT), min(b * mx, _MAXREPEAT)
        if k == _N_ATOM:
            return self.width(node[1])
        if k == _N_BREF:
            return self.widths.get(node[1], (0, _MAXREPEAT))
        if k == _N_COND:
            a, b = self.width(node[2])
            if node[3] is not None:
                c, d = self.width(node[3])
            else:
                c = d = 0
            return min(a, c), max(b, d)
        return 0, 0  # anchors, lookarounds


# ---------------------------------------------------------------------------------------------
# Compiler: node tree -> instruction list for _exec. Each instruction is an opcode followed by
# its operands, inline in one list.

_LIT = const(1)  # c
_SET = const(2)  # table256, big(c)
_REPC = const(3)  # kind a b min max mode nextlit nextlit_folded  (single-character repeat)
_SAVE = const(4)  # slot (group start)
_SAVE_E = const(5)  # slot (group end; also sets lastindex)
_SPLIT = const(6)  # first, second
_JMP = const(7)  # target
_MATCH = const(8)
_STR = const(9)  # length bytes_form list_form
_LIT_I = const(10)  # c (folded; compared against the folded subject)
_SET_I = const(11)  # table256, big(c)
_STR_I = const(12)  # length bytes_form list_form
_ANY = const(13)
_ANYALL = const(14)
_AT = const(15)  # code word_table
_REP_INIT = const(16)  # reg
_REP_LOOP = const(17)  # reg min max greedy exit   (followed by _REP_TAKE reg, then the body)
_REP_TAKE = const(18)  # reg
_BREF = const(19)  # group
_BREF_I = const(20)  # group
_LOOK = const(21)  # width(-1: ahead) negated next   (followed by the sub-program)
_ATOM = const(22)  # next   (followed by the sub-program)
_COND = const(23)  # group no_target
_SUCCEED = const(24)  # end of a sub-program
_FAIL = const(25)

_REPC_SIZE = const(9)


def _never(c):
    return False


class _Compiler:
    def __init__(self, isbytes, ngroups, flags):
        self.isbytes = isbytes
        # The folded subject uses Unicode folding unless the whole pattern is ASCII/bytes; parts
        # under a local (?a) with IGNORECASE are then matched against the unfolded subject.
        self.unifold = not isbytes and not flags & A
        self.prog = []
        self.nregs = 0
        self.base = 2 * ngroups
        self.icase = False
        self.backrefs = False
        self.repcs = []

    def asc(self, fl):
        return self.isbytes or fl & A

    def fold(self, c, fl):
        if self.asc(fl):
            return _fold_ascii(c)
        return _fold(c)

    def lit(self, c, fl):
        if fl & I:
            self.icase = True
            return _LIT_I, self.fold(c, fl)
        return _LIT, c

    def charclass(self, items, neg, fl):
        """(table for 0..255, function for larger code points) of the set."""
        asc = self.asc(fl)
        icase = fl & I
        tbl = 0
        ranges = []
        cats = []
        for it in items:
            if type(it) is int:
                cats.append(it)
                tbl |= int.from_bytes(_cat_table(it, asc), "big")
            else:
                lo, hi = it
                ranges.append(it)
                if lo < 256:
                    hi = min(hi, 255)
                    # bytes lo..hi set: bits at byte positions 255-c in big-endian order
                    tbl |= (int.from_bytes(b"\x01" * (hi - lo + 1), "big")) << (8 * (255 - hi))
        t = bytearray(tbl.to_bytes(256, "big"))
        if icase:
            self.icase = True
            wide = False
            for lo, hi in ranges:
                if hi >= 128:
                    wide = True
            if wide and not asc:
                for f in range(256):
                    if not t[f]:
                        for p in _preimages(f):
                            if _in_ranges(ranges, p):
                                t[f] = 1
                                break
            else:
                for f in range(97, 123):
                    if not t[f] and (_in_ranges(ranges, f - 32) or (not asc and f in (105, 107, 115) and _ranges_hit_special(ranges, f))):
                        t[f] = 1
        if neg:
            t = _negate(t)
        if self.isbytes:
            return bytes(t), _never

        def big(c):
            r = False
            for lo, hi in ranges:
                if lo <= c <= hi:
                    r = True
                    break
            if not r:
                for cat in cats:
                    if _cat_test(cat, c, asc):
                        r = True
                        break
            if not r and icase and not asc:
                for p in _preimages(c):
                    if _in_ranges(ranges, p):
                        r = True
                        break
            return r != neg

        return bytes(t), big

    def norm(self, node):
        """A literal or set under IGNORECASE with a local ASCII flag, as a case-sensitive node."""
        k = node[0]
        if k != _N_LIT and k != _N_SET:
            return node
        fl = node[-1]
        if not (fl & I and fl & A and self.unifold):
            return node
        if k == _N_LIT:
            c = node[1]
            if 65 <= c <= 90 or 97 <= c <= 122:
                return (_N_SET, [(c, c), (c ^ 32, c ^ 32)], False, fl & ~I)
            return (_N_LIT, c, fl & ~I)
        items = list(node[1])
        for it in node[1]:
            if type(it) is not int:
                for a, b, d in ((65, 90, 32), (97, 122, -32)):
                    lo, hi = max(it[0], a), min(it[1], b)
                    if lo <= hi:
                        items.append((lo + d, hi + d))
        return (_N_SET, items, node[2], fl & ~I)

    def emit(self, node):
        prog = self.prog
        node = self.norm(node)
        k = node[0]
        if k == _N_LIT:
            op, c = self.lit(node[1], node[2])
            prog.append(op)
            prog.append(c)
        elif k == _N_SET:
            tbl, big = self.charclass(node[1], node[2], node[3])
            prog.append(_SET_I if node[3] & I else _SET)
            prog.append(tbl)
            prog.append(big)
        elif k == _N_ANY:
            prog.append(_ANYALL if node[1] & S else _ANY)
        elif k == _N_SEQ:
            items = node[1]
            j = 0
            items = [self.norm(it) for it in items]
            while j < len(items):
                it = items[j]
                if it[0] == _N_LIT:
                    op, c = self.lit(it[1], it[2])
                    run = [c]
                    while j + 1 < len(items) and items[j + 1][0] == _N_LIT and (items[j + 1][2] & I) == (it[2] & I):
                        j += 1
                        run.append(self.lit(items[j][1], items[j][2])[1])
                    if len(run) == 1:
                        prog.append(op)
                        prog.append(c)
                    else:
                        prog.append(_STR_I if op == _LIT_I else _STR)
                        prog.append(len(run))
                        prog.append(self.bytes_form(run))
                        prog.append(run)
                else:
                    self.emit(it)
                j += 1
        elif k == _N_ALT:
            jumps = []
            branches = node[1]
            for b in branches[:-1]:
                at = len(prog)
                prog.extend((_SPLIT, at + 3, 0))
                self.emit(b)
                jumps.append(len(prog) + 1)
                prog.extend((_JMP, 0))
                prog[at + 2] = len(prog)
            self.emit(branches[-1])
            for j in jumps:
                prog[j] = len(prog)
        elif k == _N_GRP:
            g = node[1]
            prog.extend((_SAVE, 2 * g))
            self.emit(node[2])
            prog.extend((_SAVE_E, 2 * g + 1))
        elif k == _N_REP:
            self.repeat(node)
        elif k == _N_AT:
            code = node[1]
            wt = None
            if code == _AT_BOUND or code == _AT_NBOUND:
                wt = _cat_table(_C_WORD, self.asc(node[2]))
            prog.extend((_AT, code, wt))
        elif k == _N_BREF:
            self.backrefs = True
            if node[2] & I:
                self.icase = True
                prog.extend((_BREF_I, node[1]))
            else:
                prog.extend((_BREF, node[1]))
        elif k == _N_LOOK:
            at = len(prog)
            prog.extend((_LOOK, node[1], node[2], 0))
            self.emit(node[3])
            prog.append(_SUCCEED)
            prog[at + 3] = len(prog)
        elif k == _N_ATOM:
            self.atomic(node[1])
        elif k == _N_COND:
            self.backrefs = True
            at = len(prog)
            prog.extend((_COND, node[1], 0))
            self.emit(node[2])
            if node[3] is not None:
                j = len(prog)
                prog.extend((_JMP, 0))
                prog[at + 2] = len(prog)
                self.emit(node[3])
                prog[j + 1] = len(prog)
            else:
                prog[at + 2] = len(prog)

    def atomic(self, node):
        prog = self.prog
        at = len(prog)
        prog.extend((_ATOM, 0))
        self.emit(node)
        prog.append(_SUCCEED)
        prog[at + 1] = len(prog)

    def bytes_form(self, run):
        if self.isbytes:
            return bytes(run)
        return "".join([chr(c) for c in run]).encode()

    def repeat(self, node):
        prog = self.prog
        sub, mn, mx, mode = self.norm(node[1]), node[2], node[3], node[4]
        if mx == 0:
            return
        k = sub[0]
        if k == _N_LIT or k == _N_SET or k == _N_ANY:
            if k == _N_LIT:
                op, a = self.lit(sub[1], sub[2])
                b = None
            elif k == _N_SET:
                a, b = self.charclass(sub[1], sub[2], sub[3])
                op = _SET_I if sub[3] & I else _SET
            else:
                op = _ANYALL if sub[1] & S else _ANY
                a = b = None
            self.repcs.append(len(prog))
            prog.extend((_REPC, op, a, b, mn, mx, mode, -1, 0))
            return
        if mode == 2:
            self.atomic((_N_REP, sub, mn, mx, 0))
            return
        greedy = mode == 0
        if mn == 0 and mx == 1:
            at = len(prog)
            prog.extend((_SPLIT, 0, 0))
            self.emit(sub)
            body, out = at + 3, len(prog)
            prog[at + 1], prog[at + 2] = (body, out) if greedy else (out, body)
            return
        if mx < 0 and mn <= 1 and _minwidth(sub) > 0:
            if mn == 0:
                at = len(prog)
                prog.extend((_SPLIT, 0, 0))
                self.emit(sub)
                prog.extend((_JMP, at))
                body, out = at + 3, len(prog)
                prog[at + 1], prog[at + 2] = (body, out) if greedy else (out, body)
            else:
                body = len(prog)
                self.emit(sub)
                out = len(prog) + 3
                prog.extend((_SPLIT, body, out) if greedy else (_SPLIT, out, body))
            return
        r = self.base + self.nregs
        self.nregs += 2
        prog.extend((_REP_INIT, r))
        loop = len(prog)
        prog.extend((_REP_LOOP, r, mn, mx, 1 if greedy else 0, 0, _REP_TAKE, r))
        self.emit(sub)
        prog.extend((_JMP, loop))
        prog[loop + 5] = len(prog)

    def finish(self):
        prog = self.prog
        prog.append(_MATCH)
        for pc in self.repcs:
            if prog[pc + 6] != 0:
                continue
            nxt = prog[pc + _REPC_SIZE]
            if nxt == _LIT or nxt == _LIT_I:
                prog[pc + 7] = prog[pc + _REPC_SIZE + 1]
                prog[pc + 8] = 1 if nxt == _LIT_I else 0
            elif nxt == _STR or nxt == _STR_I:
                prog[pc + 7] = prog[pc + _REPC_SIZE + 3][0]
                prog[pc + 8] = 1 if nxt == _STR_I else 0
        return prog


def _negate(t):
    return bytes([1 - x for x in t])


def _in_ranges(ranges, c):
    for lo, hi in ranges:
        if lo <= c <= hi:
            return True
    return False


def _ranges_hit_special(ranges, f):
    # the non-ASCII characters that fold to 'i', 'k' and 's'
    for p in {105: (304, 305), 107: (8490,), 115: (383,)}[f]:
        if _in_ranges(ranges, p):
            return True
    return False


def _minwidth(node):
    k = node[0]
    if k == _N_LIT or k == _N_ANY or k == _N_SET:
        return 1
    if k == _N_SEQ:
        return sum([_minwidth(n) for n in node[1]])
    if k == _N_ALT:
        return min([_minwidth(n) for n in node[1]])
    if k == _N_GRP:
        return _minwidth(node[2])
    if k == _N_REP:
        return _minwidth(node[1]) * node[2]
    if k == _N_ATOM:
        return _minwidth(node[1])
    return 0  # anchors, lookarounds, backreferences (may be empty), conditionals


# ---------------------------------------------------------------------------------------------
# First-character analysis, so that search can skip positions where no match can start.


class _NoFirst(Exception):
    pass


def _first(node, comp, acc):
    """Adds (folded, table, big) for each character a match of node can start with to acc;
    returns True if node can match without consuming a character."""
    node = comp.norm(node)
    k = node[0]
    if k == _N_LIT:
        fl = node[2]
        c = node[1]
        if fl & I:
            c = comp.fold(c, fl)
        t = bytearray(256)
        if c < 256:
            t[c] = 1
        acc.append((1 if fl & I else 0, bytes(t), (lambda x, c=c: x == c)))
        return False
    if k == _N_SET:
        tbl, big = comp.charclass(node[1], node[2], node[3])
        acc.append((1 if node[3] & I else 0, tbl, big))
        return False
    if k == _N_SEQ:
        for it in node[1]:
            if not _first(it, comp, acc):
                return False
        return True
    if k == _N_ALT:
        r = False
        for it in node[1]:
            if _first(it, comp, acc):
                r = True
        return r
    if k == _N_GRP:
        return _first(node[2], comp, acc)
    if k == _N_ATOM:
        return _first(node[1], comp, acc)
    if k == _N_REP:
        if node[3] == 0:
            return True
        return _first(node[1], comp, acc) or node[2] == 0
    if k == _N_AT or k == _N_LOOK:
        return True
    raise _NoFirst()


# ---------------------------------------------------------------------------------------------
# The matching machine.


def _scan(k, a, b, s, sf, i, lim, wide):
    """How far from i (up to lim) the single-character node (k, a, b) keeps matching."""
    if k == _SET:
        if wide:
            while i < lim:
                c = s[i]
                if c < 256:
                    if not a[c]:
                        break
                elif not b(c):
                    break
                i += 1
        else:
            while i < lim and a[s[i]]:
                i += 1
    elif k == _LIT:
        while i < lim and s[i] == a:
            i += 1
    elif k == _ANY:
        if wide:
            while i < lim and s[i] != 10:
                i += 1
        else:
            j = s.find(b"\n", i, lim)
            i = lim if j < 0 else j
    elif k == _ANYALL:
        i = lim
    elif k == _SET_I:
        if wide:
            while i < lim:
                c = sf[i]
                if c < 256:
                    if not a[c]:
                        break
                elif not b(c):
                    break
                i += 1
        else:
            while i < lim and a[sf[i]]:
                i += 1
    else:  # _LIT_I
        while i < lim and sf[i] == a:
            i += 1
    return i


def _exec(prog, pc, i, s, sf, end, caps, wide, noempty, full):
    """Runs prog from pc at position i; returns the end position of the match or -1.
    caps holds group boundaries and registers; on failure it is left as it was.
    noempty: a match ending at this position (the start) is refused; full: the match must end
    here (-1: anywhere)."""
    stk = []
    push = stk.append
    pop = stk.pop
    while True:
        op = prog[pc]
        if op == _LIT:
            if i < end and s[i] == prog[pc + 1]:
                i += 1
                pc += 2
                continue
        elif op == _SET:
            if i < end:
                c = s[i]
                if c < 256:
                    if prog[pc + 1][c]:
                        i += 1
                        pc += 3
                        continue
                elif prog[pc + 2](c):
                    i += 1
                    pc += 3
                    continue
        elif op == _REPC:
            mn = prog[pc + 4]
            mx = prog[pc + 5]
            lim = end if (mx < 0 or i + mx > end) else i + mx
            if prog[pc + 6] == 1:  # lazy: take the minimum, extend on backtracking
                j = i + mn
                if j <= end and _scan(prog[pc + 1], prog[pc + 2], prog[pc + 3], s, sf, i, j, wide) == j:
                    if lim > j:
                        push(lim)
                        push(j)
                        push(pc)
                        push(-3)
                    i = j
                    pc += _REPC_SIZE
                    continue
            else:
                j = _scan(prog[pc + 1], prog[pc + 2], prog[pc + 3], s, sf, i, lim, wide)
                lo = i + mn
                if j >= lo:
                    if j > lo and prog[pc + 6] == 0:
                        nl = prog[pc + 7]
                        if nl >= 0:
                            t = sf if prog[pc + 8] else s
                            while j >= lo and (j >= end or t[j] != nl):
                                j -= 1
                        if j > lo:
                            push(lo)
                            push(j)
                            push(pc + _REPC_SIZE)
                            push(-2)
                    if j >= lo:
                        i = j
                        pc += _REPC_SIZE
                        continue
        elif op == _SAVE:
            k = prog[pc + 1]
            if stk:  # (with nothing to backtrack to, the caller discards caps on failure)
                push(caps[k])
                push(k)
                push(-1)
            caps[k] = i
            pc += 2
            continue
        elif op == _SAVE_E:
            k = prog[pc + 1]
            if stk:
                push(caps[k])
                push(k)
                push(-1)
                push(caps[0])
                push(0)
                push(-1)
            caps[k] = i
            caps[0] = k >> 1
            pc += 2
            continue
        elif op == _SPLIT:
            push(i)
            push(prog[pc + 2])
            pc = prog[pc + 1]
            continue
        elif op == _JMP:
            pc = prog[pc + 1]
            continue
        elif op == _MATCH:
            if i != noempty and (full < 0 or i == full):
                return i
        elif op == _STR:
            k = prog[pc + 1]
            if i + k <= end and s[i:i + k] == prog[pc + 2 + wide]:
                i += k
                pc += 4
                continue
        elif op == _LIT_I:
            if i < end and sf[i] == prog[pc + 1]:
                i += 1
                pc += 2
                continue
        elif op == _SET_I:
            if i < end:
                c = sf[i]
                if c < 256:
                    if prog[pc + 1][c]:
                        i += 1
                        pc += 3
                        continue
                elif prog[pc + 2](c):
                    i += 1
                    pc += 3
                    continue
        elif op == _STR_I:
            k = prog[pc + 1]
            if i + k <= end and sf[i:i + k] == prog[pc + 2 + wide]:
                i += k
                pc += 4
                continue
        elif op == _ANY:
            if i < end and s[i] != 10:
                i += 1
                pc += 1
                continue
        elif op == _ANYALL:
            if i < end:
                i += 1
                pc += 1
                continue
        elif op == _AT:
            k = prog[pc + 1]
            if k == _AT_BEG or k == _AT_BOS:
                ok = i == 0
            elif k == _AT_BEGL:
                ok = i == 0 or s[i - 1] == 10
            elif k == _AT_END:
                ok = i == end or (i == end - 1 and s[i] == 10)
            elif k == _AT_ENDL:
                ok = i == end or s[i] == 10
            elif k == _AT_EOS:
                ok = i == end
            else:
                wt = prog[pc + 2]
                if i > 0:
                    c = s[i - 1]
                    w1 = wt[c] if c < 256 else _u_word(c)
                else:
                    w1 = 0
                if i < end:
                    c = s[i]
                    w2 = wt[c] if c < 256 else _u_word(c)
                else:
                    w2 = 0
                if k == _AT_BOUND:
                    ok = bool(w1) != bool(w2)
                else:
                    ok = end > 0 and bool(w1) == bool(w2)
            if ok:
                pc += 3
                continue
        elif op == _REP_INIT:
            r = prog[pc + 1]
            push(caps[r])
            push(r)
            push(-1)
            push(caps[r + 1])
            push(r + 1)
            push(-1)
            caps[r] = 0
            caps[r + 1] = -1
            pc += 2
            continue
        elif op == _REP_LOOP:
            r = prog[pc + 1]
            n = caps[r]
            if n < prog[pc + 2]:
                push(n)
                push(r)
                push(-1)
                caps[r] = n + 1
                pc += 8
                continue
            mx = prog[pc + 3]
            if (mx < 0 or n < mx) and i != caps[r + 1]:
                if prog[pc + 4]:
                    push(i)
                    push(prog[pc + 5])
                    push(n)
                    push(r)
                    push(-1)
                    push(caps[r + 1])
                    push(r + 1)
                    push(-1)
                    caps[r] = n + 1
                    caps[r + 1] = i
                    pc += 8
                else:
                    push(i)
                    push(pc + 6)
                    pc = prog[pc + 5]
                continue
            pc = prog[pc + 5]
            continue
        elif op == _REP_TAKE:
            r = prog[pc + 1]
            push(caps[r])
            push(r)
            push(-1)
            push(caps[r + 1])
            push(r + 1)
            push(-1)
            caps[r] += 1
            caps[r + 1] = i
            pc += 2
            continue
        elif op == _BREF or op == _BREF_I:
            g = prog[pc + 1]
            a = caps[2 * g]
            b = caps[2 * g + 1]
            if a >= 0 and b >= a:
                k = b - a
                t = sf if op == _BREF_I else s
                if i + k <= end and t[a:b] == t[i:i + k]:
                    i += k
                    pc += 2
                    continue
        elif op == _LOOK:
            w = prog[pc + 1]
            j = i if w < 0 else i - w
            saved = caps[:]
            r = -1
            if j >= 0:
                r = _exec(prog, pc + 4, j, s, sf, end, caps, wide, -1, -1 if w < 0 else i)
            if r < 0 or prog[pc + 2]:
                for k in range(len(caps)):
                    caps[k] = saved[k]
                if r < 0 and prog[pc + 2]:
                    pc = prog[pc + 3]
                    continue
            elif r >= 0:
                for k in range(len(caps)):
                    if caps[k] != saved[k]:
                        push(saved[k])
                        push(k)
                        push(-1)
                pc = prog[pc + 3]
                continue
        elif op == _ATOM:
            saved = caps[:]
            r = _exec(prog, pc + 2, i, s, sf, end, caps, wide, -1, -1)
            if r >= 0:
                for k in range(len(caps)):
                    if caps[k] != saved[k]:
                        push(saved[k])
                        push(k)
                        push(-1)
                i = r
                pc = prog[pc + 1]
                continue
            for k in range(len(caps)):
                caps[k] = saved[k]
        elif op == _COND:
            g = prog[pc + 1]
            if caps[2 * g] >= 0 and caps[2 * g + 1] >= 0:
                pc += 3
            else:
                pc = prog[pc + 2]
            continue
        elif op == _SUCCEED:
            if full < 0 or i == full:
                return i
        # failure: backtrack
        while stk:
            t = pop()
            if t >= 0:
                pc = t
                i = pop()
                break
            if t == -1:
                k = pop()
                caps[k] = pop()
            elif t == -2:  # give back one character of a greedy single-character repeat
                pc = stk[-1]
                j = stk[-2] - 1
                lo = stk[-3]
                nl = prog[pc - 2]
                if nl >= 0:
                    t = sf if prog[pc - 1] else s
                    while j >= lo and t[j] != nl:
                        j -= 1
                if j <= lo:
                    pop()
                    pop()
                    pop()
                    if j < lo:
                        continue
                else:
                    stk[-2] = j
                    push(-2)
                i = j
                break
            else:  # -3: take one more character in a lazy single-character repeat
                pc = stk[-1]
                j = stk[-2]
                if _scan(prog[pc + 1], prog[pc + 2], prog[pc + 3], s, sf, j, j + 1, wide) == j + 1:
                    j += 1
                    if j < stk[-3]:
                        stk[-2] = j
                        push(-3)
                    else:
                        pop()
                        pop()
                        pop()
                    i = j
                    pc += _REPC_SIZE
                    break
                pop()
                pop()
                pop()
        else:
            return -1


# ---------------------------------------------------------------------------------------------
# Subjects


class _Subject:
    """The string being matched, in O(1)-indexable form: s holds code points (bytes for ASCII
    text and bytes-like subjects, else a list), sf the IGNORECASE-folded code points if needed."""

    def __init__(self, pat, string):
        if isinstance(string, str):
            if pat._isbytes:
                raise TypeError("cannot use a bytes pattern on a string-like object")
            b = string.encode()
            n = len(string)
            if len(b) == n:
                self.s = b
                self.kind = 0
                self.wide = 0
            else:
                self.s = list(map(ord, string))
                self.kind = 1
                self.wide = 1
        elif isinstance(string, (bytes, bytearray, memoryview)):
            if not pat._isbytes:
                raise TypeError("cannot use a string pattern on a bytes-like object")
            self.s = string if type(string) is bytes else bytes(string)
            n = len(self.s)
            self.kind = 2
            self.wide = 0
        else:
            raise TypeError("expected string or bytes-like object, got %r" % type(string).__name__)
        self.string = string
        self.n = n
        self.sf = None
        if pat._icase:
            s = self.s
            if self.wide:
                self.sf = [c + 32 if 65 <= c <= 90 else c if c < 128 or pat._asc else _fold(c) for c in s]
            else:
                self.sf = s.lower()

    def text(self, a, b):
        kind = self.kind
        if kind == 0:
            return self.s[a:b].decode()
        if kind == 1:
            return "".join(map(chr, self.s[a:b]))
        return self.string[a:b]

    def piece(self, a, b):
        # a slice in the form sub() joins: bytes for ASCII text and bytes subjects
        if self.kind == 1:
            return "".join(map(chr, self.s[a:b]))
        return self.s[a:b]


def _bounds(pos, endpos, n):
    if pos < 0:
        pos = 0
    elif pos > n:
        pos = n
    if endpos is None or endpos > n:
        endpos = n
    elif endpos < 0:
        endpos = 0
    return pos, endpos


# ---------------------------------------------------------------------------------------------
# Pattern and Match


class Pattern:
    """A compiled regular expression (re.compile)."""

    def __init__(self, pattern, flags):
        isbytes = not isinstance(pattern, str)
        if isbytes and not isinstance(pattern, bytes):
            raise TypeError("first argument must be string or compiled pattern")
        if isbytes:
            if flags & U:
                raise ValueError("cannot use UNICODE flag with a bytes pattern")
        else:
            if flags & L:
                raise ValueError("cannot use LOCALE flag with a str pattern")
            if flags & A and flags & U:
                raise ValueError("ASCII and UNICODE flags are incompatible")
        self.pattern = pattern
        self._isbytes = isbytes
        p = _Parser(pattern, flags, isbytes)
        node = p.parse()
        flags = p.flags
        if not isbytes and not flags & A:
            flags |= U
        self.flags = flags
        self.groups = p.ngroups - 1
        self.groupindex = p.names
        self._names = {}
        for name, g in p.names.items():
            self._names[g] = name
        self._asc = isbytes or bool(flags & A)
        comp = _Compiler(isbytes, p.ngroups, flags)
        comp.emit(node)
        self._prog = comp.finish()
        self._icase = comp.icase
        self._ncaps = 2 * p.ngroups + comp.nregs
        # search strategy
        self._simple = _simple_repeat(self._prog)
        self._anchored = _starts_anchored(node)
        self._prefix = None
        self._ftbl = None
        prog = self._prog
        pc = 0
        while prog[pc] == _SAVE:
            pc += 2
        # A leading single-character repeat lets search skip starts: when its run from i (up to
        # j) is shorter than its minimum, no start in i..j can match; and if it is unbounded and
        # greedy, a failed attempt at i means every start in i..j fails too (their repeat ends
        # are a subset of those tried), unless captures can change the outcome (backreferences,
        # conditionals).
        self._skip = None
        if prog[pc] == _REPC:
            self._skip = (prog[pc + 1], prog[pc + 2], prog[pc + 3], prog[pc + 4],
                          prog[pc + 5] < 0 and prog[pc + 6] != 1 and not comp.backrefs)
        if prog[pc] == _STR:
            self._prefix = prog[pc + 2]
        elif prog[pc] == _LIT:
            c = prog[pc + 1]
            self._prefix = bytes([c]) if isbytes or c < 128 else chr(c).encode()
        if not self._anchored:
            acc = []
            try:
                nullable = _first(node, comp, acc)
            except _NoFirst:
                nullable = True
            if not nullable and acc:
                folded = acc[0][0]
                same = True
                t = 0
                for f, tbl, big in acc:
                    if f != folded:
                        same = False
                    t |= int.from_bytes(tbl, "big")
                if same:
                    bigs = [a[2] for a in acc]

                    def fbig(c):
                        for b in bigs:
                            if b(c):
                                return True
                        return False

                    self._ftbl = (folded, t.to_bytes(256, "big"), bigs[0] if len(bigs) == 1 else fbig)

    def __repr__(self):
        flags = self.flags
        if not self._isbytes:
            flags &= ~U
        r = repr(self.pattern)
        if len(r) > 200:
            r = r[:200]
        if not flags:
            return "re.compile(%s)" % r
        names = []
        for v, name in _FLAGNAMES:
            if flags & v:
                names.append(name)
                flags &= ~v
        if flags:
            names.append(hex(flags))
        return "re.compile(%s, %s)" % (r, "|".join(names))

    def __eq__(self, other):
        return isinstance(other, Pattern) and self.pattern == other.pattern and self.flags == other.flags

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def _run(self, subj, pos, endpos, noempty, mode):
        """mode 0: search, 1: match at pos, 2: fullmatch. Returns (start, end, caps) or None."""
        prog = self._prog
        s = subj.s
        sf = subj.sf
        wide = subj.wide
        caps = [-1] * self._ncaps
        if mode or self._anchored:
            r = _exec(prog, 0, pos, s, sf, endpos, caps, wide, pos if noempty else -1, endpos if mode == 2 else -1)
            if r >= 0:
                return pos, r, caps
            return None
        i = pos
        simple = self._simple
        if simple is not None:
            t = sf if simple[0] else s
            tbl = simple[1]
            big = simple[2]
            mn = simple[3]
            mx = simple[4]
            while True:
                if wide:
                    while i < endpos:
                        c = t[i]
                        if c < 256:
                            if tbl[c]:
                                break
                        elif big(c):
                            break
                        i += 1
                else:
                    while i < endpos and not tbl[t[i]]:
                        i += 1
                if i >= endpos:
                    return None
                j = _scan(_SET, tbl, big, t, None, i, endpos, wide)
                if j - i >= mn:
                    if mx >= 0 and j - i > mx:
                        j = i + mx
                    return i, j, caps
                i = j
        ne = pos if noempty else -1
        prefix = self._prefix
        if prefix is not None and not wide:
            t = s
            while True:
                i = t.find(prefix, i, endpos)
                if i < 0:
                    return None
                r = _exec(prog, 0, i, s, sf, endpos, caps, wide, ne, -1)
                if r >= 0:
                    return i, r, caps
                i += 1
        ft = self._ftbl
        skip = self._skip
        ncaps = self._ncaps
        if ft is not None:
            t = sf if ft[0] else s
            tbl = ft[1]
            big = ft[2]
            last = endpos - 1  # a match needs at least one character
        else:
            last = endpos
        while i <= last:
            if ft is not None:
                if wide:
                    while i < endpos:
                        c = t[i]
                        if c < 256:
                            if tbl[c]:
                                break
                        elif big(c):
                            break
                        i += 1
                else:
                    while i < endpos and not tbl[t[i]]:
                        i += 1
                if i >= endpos:
                    return None
            if skip is not None:
                j = _scan(skip[0], skip[1], skip[2], s, sf, i, endpos, wide)
                if j - i < skip[3]:
                    i = j + 1 if j > i else i + 1
                    continue
            r = _exec(prog, 0, i, s, sf, endpos, caps, wide, ne, -1)
            if r >= 0:
                return i, r, caps
            caps = [-1] * ncaps
            if skip is not None and skip[4] and j > i:
                i = j
            i += 1
        return None

    def _one(self, string, pos, endpos, mode):
        subj = _Subject(self, string)
        pos, endpos = _bounds(pos, endpos, subj.n)
        if pos > endpos:
            return None
        r = self._run(subj, pos, endpos, False, mode)
        if r is None:
            return None
        return Match(self, subj, pos, endpos, r[0], r[1], r[2])

    def search(self, string, pos=0, endpos=None):
        return self._one(string, pos, endpos, 0)

    def match(self, string, pos=0, endpos=None):
        return self._one(string, pos, endpos, 1)

    def fullmatch(self, string, pos=0, endpos=None):
        return self._one(string, pos, endpos, 2)

    def _iter(self, subj, pos, endpos):
        # (start, end, caps) of successive matches, as CPython finds them: an empty match is
        # not allowed where the previous match was empty.
        noempty = False
        while pos <= endpos:
            r = self._run(subj, pos, endpos, noempty, 0)
            if r is None:
                return
            yield r
            noempty = r[0] == r[1]
            pos = r[1]

    def finditer(self, string, pos=0, endpos=None):
        subj = _Subject(self, string)
        pos, endpos = _bounds(pos, endpos, subj.n)
        for st, en, caps in self._iter(subj, pos, endpos):
            yield Match(self, subj, pos, endpos, st, en, caps)

    def findall(self, string, pos=0, endpos=None):
        subj = _Subject(self, string)
        pos, endpos = _bounds(pos, endpos, subj.n)
        text = subj.text
        if self._simple is not None:
            sp = _simple_spans(self._simple, subj, pos, endpos, 0)
            return [text(sp[k], sp[k + 1]) for k in range(0, len(sp), 2)]
        out = []
        ng = self.groups
        empty = text(0, 0)
        run = self._run
        noempty = False
        while pos <= endpos:
            r = run(subj, pos, endpos, noempty, 0)
            if r is None:
                break
            st, en, caps = r
            noempty = st == en
            pos = en
            if ng == 0:
                out.append(text(st, en))
            elif ng == 1:
                a, b = caps[2], caps[3]
                out.append(text(a, b) if a >= 0 and b >= 0 else empty)
            else:
                g = []
                for k in range(1, ng + 1):
                    a, b = caps[2 * k], caps[2 * k + 1]
                    g.append(text(a, b) if a >= 0 and b >= 0 else empty)
                out.append(tuple(g))
        return out

    def split(self, string, maxsplit=0):
        subj = _Subject(self, string)
        out = []
        last = 0
        n = 0
        text = subj.text
        if maxsplit < 0:
            return [string]
        if self._simple is not None:
            sp = _simple_spans(self._simple, subj, 0, subj.n, maxsplit)
            for k in range(0, len(sp), 2):
                out.append(text(last, sp[k]))
                last = sp[k + 1]
            out.append(text(last, subj.n))
            return out
        for st, en, caps in self._iter(subj, 0, subj.n):
            out.append(text(last, st))
            for k in range(1, self.groups + 1):
                a, b = caps[2 * k], caps[2 * k + 1]
                out.append(text(a, b) if a >= 0 and b >= 0 else None)
            last = en
            n += 1
            if maxsplit and n >= maxsplit:
                break
        out.append(text(last, subj.n))
        return out

    def subn(self, repl, string, count=0):
        subj = _Subject(self, string)
        if callable(repl):
            tmpl = None
        else:
            tmpl = _template(self, repl)
        kind = subj.kind
        pieces = []
        last = 0
        n = 0
        piece = subj.piece
        if count < 0:
            count = 0
            limit = True
        else:
            limit = False
        if not limit and self._simple is not None and tmpl is not None and len(tmpl) <= 1 and (not tmpl or type(tmpl[0]) is not int):
            sp = _simple_spans(self._simple, subj, 0, subj.n, count)
            rep = tmpl[0] if tmpl else subj.piece(0, 0)
            if kind == 0 and type(rep) is str:
                rep = rep.encode()
            for k in range(0, len(sp), 2):
                pieces.append(piece(last, sp[k]))
                pieces.append(rep)
                last = sp[k + 1]
            n = len(sp) >> 1
        elif not limit:
            for st, en, caps in self._iter(subj, 0, subj.n):
                pieces.append(piece(last, st))
                if tmpl is None:
                    m = Match(self, subj, 0, subj.n, st, en, caps)
                    r = repl(m)
                    if kind == 2:
                        if not isinstance(r, (bytes, bytearray)):
                            raise TypeError("expected a bytes-like object, %s found" % type(r).__name__)
                    elif not isinstance(r, str):
                        raise TypeError("expected str instance, %s found" % type(r).__name__)
                    pieces.append(r.encode() if kind == 0 else r)
                else:
                    _expand(tmpl, subj, caps, pieces, st, en)
                last = en
                n += 1
                if count and n >= count:
                    break
        if n == 0:
            return string, 0
        pieces.append(piece(last, subj.n))
        if kind == 0:
            return b"".join(pieces).decode(), n
        if kind == 1:
            return "".join(pieces), n
        return b"".join(pieces), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=None):
        raise NotImplementedError("Pattern.scanner is not supported")

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def _simple_repeat(prog):
    """For a pattern that is one greedy single-character repeat of at least one character
    (\\d+, [a-z]{2,}, \\s+ ...): (folded, table, big, min, max), else None."""
    if prog[0] != _REPC or len(prog) != _REPC_SIZE + 1 or prog[4] < 1 or prog[6] == 1:
        return None
    k = prog[1]
    if k == _SET or k == _SET_I:
        return (1 if k == _SET_I else 0, prog[2], prog[3], prog[4], prog[5])
    if k == _LIT or k == _LIT_I:
        c = prog[2]
        t = bytearray(256)
        if c < 256:
            t[c] = 1
        return (1 if k == _LIT_I else 0, bytes(t), (lambda x: x == c), prog[4], prog[5])
    return None


def _simple_spans(simple, subj, i, end, limit):
    """All matches of a _simple_repeat pattern from i as a flat list [start0, end0, ...]
    (at most limit of them if limit > 0); the loop findall, sub and split spend their time in."""
    t = subj.sf if simple[0] else subj.s
    tbl = simple[1]
    big = simple[2]
    mn = simple[3]
    mx = simple[4]
    out = []
    if limit > 0:
        limit *= 2
    if subj.wide:
        while i < end:
            c = t[i]
            if not (tbl[c] if c < 256 else big(c)):
                i += 1
                continue
            j = _scan(_SET, tbl, big, t, None, i + 1, end, 1)
            if j - i >= mn:
                if mx >= 0 and j - i > mx:
                    j = i + mx
                out.append(i)
                out.append(j)
                if len(out) == limit:
                    break
            i = j
        return out
    while i < end:
        if not tbl[t[i]]:
            i += 1
            continue
        j = i + 1
        while j < end and tbl[t[j]]:
            j += 1
        if j - i >= mn:
            if mx >= 0 and j - i > mx:
                j = i + mx
            out.append(i)
            out.append(j)
            if len(out) == limit:
                break
        i = j
    return out


def _starts_anchored(node):
    while True:
        k = node[0]
        if k == _N_AT:
            return node[1] == _AT_BEG or node[1] == _AT_BOS
        if k == _N_SEQ:
            if not node[1]:
                return False
            node = node[1][0]
        elif k == _N_GRP:
            node = node[2]
        else:
            return False


class Match:
    """The result of a successful match."""

    def __init__(self, pat, subj, pos, endpos, st, en, caps):
        self.re = pat
        self._subj = subj
        self.string = subj.string
        self.pos = pos
        self.endpos = endpos
        self._st = st
        self._en = en
        self._caps = caps

    def _span(self, g):
        if type(g) is not int:
            if isinstance(g, str) or isinstance(g, bytes):
                g2 = self.re.groupindex.get(g)
                if g2 is None:
                    raise IndexError("no such group")
                g = g2
            else:
                try:
                    g = g.__index__()
                except Exception:
                    raise IndexError("no such group")
        if g == 0:
            return self._st, self._en
        if g < 0 or g > self.re.groups:
            raise IndexError("no such group")
        a, b = self._caps[2 * g], self._caps[2 * g + 1]
        if a < 0 or b < 0:
            return -1, -1
        return a, b

    def _group(self, g, default=None):
        a, b = self._span(g)
        if a < 0:
            return default
        return self._subj.text(a, b)

    def group(self, *args):
        if not args:
            return self._group(0)
        if len(args) == 1:
            return self._group(args[0])
        return tuple([self._group(g) for g in args])

    def __getitem__(self, g):
        return self._group(g)

    def groups(self, default=None):
        return tuple([self._group(g, default) for g in range(1, self.re.groups + 1)])

    def groupdict(self, default=None):
        d = {}
        for name, g in self.re.groupindex.items():
            d[name] = self._group(g, default)
        return d

    def start(self, g=0):
        return self._span(g)[0]

    def end(self, g=0):
        return self._span(g)[1]

    def span(self, g=0):
        return self._span(g)

    @property
    def regs(self):
        return tuple([self._span(g) for g in range(self.re.groups + 1)])

    @property
    def lastindex(self):
        li = self._caps[0]
        return li if li > 0 else None

    @property
    def lastgroup(self):
        li = self._caps[0]
        if li > 0:
            return self.re._names.get(li)
        return None

    def expand(self, template):
        tmpl = _template(self.re, template)
        pieces = []
        subj = self._subj
        _expand(tmpl, subj, self._caps, pieces, self._st, self._en)
        if subj.kind == 0:
            return b"".join(pieces).decode()
        if subj.kind == 1:
            return "".join(pieces)
        return b"".join(pieces)

    def __bool__(self):
        return True

    def __repr__(self):
        return "<re.Match object; span=(%d, %d), match=%r>" % (self._st, self._en, self.group(0))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


# ---------------------------------------------------------------------------------------------
# Replacement templates: a list of literal pieces (str or bytes) and group numbers.


def _template(pat, repl):
    isbytes = pat._isbytes
    if isbytes:
        if not isinstance(repl, (bytes, bytearray)):
            raise TypeError("expected a bytes-like object, %s found" % type(repl).__name__)
        chars = [chr(b) for b in repl]
    else:
        if not isinstance(repl, str):
            raise TypeError("expected str instance, %s found" % type(repl).__name__)
        chars = list(repl)
    out = []
    lit = []
    n = len(chars)
    i = 0

    def err(msg, pos):
        return error(msg, repl, pos)

    if "\\" not in chars:
        out.append("".join(chars))
    else:
        while i < n:
            ch = chars[i]
            i += 1
            if ch != "\\":
                lit.append(ch)
                continue
            start = i - 1
            if i >= n:
                raise err("bad escape (end of pattern)", start)
            ch = chars[i]
            i += 1
            if ch == "g":
                if i >= n or chars[i] != "<":
                    raise err("missing <", i)
                i += 1
                j = i
                while j < n and chars[j] != ">":
                    j += 1
                if j >= n:
                    if j == i:
                        raise err("missing group name", i)
                    raise err("missing >, unterminated name", i)
                name = "".join(chars[i:j])
                if not name:
                    raise err("missing group name", i)
                pos = i
                i = j + 1
                ok = True
                for d in name:
                    if d not in _DIGITS:
                        ok = False
                if ok:
                    g = int(name)
                    if g >= _MAXREPEAT:
                        raise err("invalid group reference %d" % g, pos)
                else:
                    if not name.isidentifier() or (isbytes and not _isascii(name)):
                        raise err("bad character in group name %r" % name, pos)
                    g = pat.groupindex.get(name)
                    if g is None:
                        raise IndexError("unknown group name %r" % name)
                if g > pat.groups:
                    raise err("invalid group reference %d" % g, pos)
                out.append("".join(lit))
                lit = []
                out.append(g)
            elif ch == "0":
                d = ""
                while len(d) < 2 and i < n and chars[i] in _OCTDIGITS:
                    d += chars[i]
                    i += 1
                lit.append(chr(int("0" + d, 8)))
            elif ch in _DIGITS:
                d = ch
                if i < n and chars[i] in _DIGITS:
                    d += chars[i]
                    i += 1
                    if d[0] in _OCTDIGITS and d[1] in _OCTDIGITS and i < n and chars[i] in _OCTDIGITS:
                        d += chars[i]
                        i += 1
                        v = int(d, 8)
                        if v > 0o377:
                            raise err("octal escape value \\%s outside of range 0-0o377" % d, start)
                        lit.append(chr(v))
                        continue
                g = int(d)
                if g > pat.groups:
                    raise err("invalid group reference %d" % g, start + 1)
                out.append("".join(lit))
                lit = []
                out.append(g)
            else:
                v = _ESCAPES.get(ch)
                if v is not None:
                    lit.append(chr(v))
                elif ch in _LETTERS:
                    raise err("bad escape \\" + ch, start)
                else:
                    lit.append("\\")
                    lit.append(ch)
        out.append("".join(lit))
    # encode literal pieces the way sub() joins them
    res = []
    for p in out:
        if type(p) is str:
            if not p:
                continue
            if isbytes:
                p = bytes([ord(ch) for ch in p])
        res.append(p)
    return res


def _isascii(s):
    for ch in s:
        if ord(ch) > 127:
            return False
    return True


def _expand(tmpl, subj, caps, pieces, st, en):
    kind = subj.kind
    for p in tmpl:
        if type(p) is int:
            if p == 0:
                a, b = st, en
            else:
                a, b = caps[2 * p], caps[2 * p + 1]
            if a >= 0 and b >= 0:
                pieces.append(subj.piece(a, b))
        elif kind == 0:
            pieces.append(p.encode())
        else:
            pieces.append(p)


# ---------------------------------------------------------------------------------------------
# Module-level API

_cache = {}


def _compile(pattern, flags):
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError("cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(flags, int):
        flags = int(flags)
    key = (type(pattern), pattern, flags)
    try:
        return _cache[key]
    except KeyError:
        pass
    except TypeError:
        raise TypeError("first argument must be string or compiled pattern")
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    p = Pattern(pattern, flags)
    if len(_cache) >= _MAXCACHE:
        _cache.clear()
    _cache[key] = p
    return p


def compile(pattern, flags=0):
    return _compile(pattern, flags)


def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def purge():
    _cache.clear()


_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"


def escape(pattern):
    if isinstance(pattern, str):
        return "".join(["\\" + ch if ch in _SPECIAL else ch for ch in pattern])
    out = bytearray()
    for b in pattern:
        if b < 128 and chr(b) in _SPECIAL:
            out.append(92)
        out.append(b)
    return bytes(out)
