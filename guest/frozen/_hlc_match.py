"""The `match` statement for the guest. MicroPython's compiler has no `match`; when a program
fails to compile and has `match ...:` / `case ...:` lines, the guest (c/hlc_port.c) calls
rewrite() and compiles the result instead: each `match` becomes an assignment of the subject
and each `case` an `if`/`elif` whose condition tests the pattern and binds its names with `:=`,
line for line (tracebacks keep their line numbers). Patterns: literals, captures, `_`, dotted
values, `|`, `as`, sequences (`[a, *rest]`, `(a, b)`), mappings (`{"k": v, **rest}`), classes
(`Point(x, y=0)`, via __match_args__, dataclass fields or namedtuple _fields) and guards.
A case header must fit on one line."""

_MISSING = object()
_SELF_MATCHING = (bool, bytearray, bytes, dict, float, frozenset, int, list, set, str, tuple)


def seq(x):
    if isinstance(x, (str, bytes, bytearray, dict)):
        return False
    if isinstance(x, (list, tuple, range)):
        return True
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and not hasattr(x, "keys")


def mapping(x):
    return isinstance(x, dict) or (hasattr(x, "keys") and hasattr(x, "__getitem__"))


def get(x, key):
    try:
        if key in x:
            return x[key]
    except TypeError:
        pass
    return _MISSING


def rest(x, keys):
    return {k: x[k] for k in x.keys() if k not in keys}


def pos(x, cls, i):
    if i == 0 and cls in _SELF_MATCHING:
        return x
    names = getattr(cls, "__match_args__", None)
    if names is None:
        names = tuple(getattr(cls, "__dataclass_fields__", ())) or getattr(cls, "_fields", ())
    if i >= len(names):
        raise TypeError("%s() accepts %d positional sub-pattern%s (%d given)"
                        % (cls.__name__, len(names), "" if len(names) == 1 else "s", i + 1))
    return getattr(x, names[i], _MISSING)


def attr(x, name):
    return getattr(x, name, _MISSING)


# ---- tokens of one line ----

_PUNCT = ("**", "(", ")", "[", "]", "{", "}", ",", ":", "|", "*", ".", "=", "-", "+")


def _tokens(s):
    toks = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in " \t":
            i += 1
        elif c == "#":
            break
        elif c.isalpha() or c == "_" or ord(c) > 127:
            j = i
            while j < n and (s[j].isalnum() or s[j] == "_" or ord(s[j]) > 127):
                j += 1
            if j < n and s[j] in "'\"" and s[i:j].lower() in ("r", "b", "u", "br", "rb"):
                j = _string_end(s, j)
                toks.append(("str", s[i:j]))
            else:
                toks.append(("name", s[i:j]))
            i = j
        elif c.isdigit() or (c == "." and i + 1 < n and s[i + 1].isdigit()):
            j = i
            while j < n and (s[j].isalnum() or s[j] in "._" or (s[j] in "+-" and s[j - 1] in "eE")):
                j += 1
            toks.append(("num", s[i:j]))
            i = j
        elif c in "'\"":
            j = _string_end(s, i)
            toks.append(("str", s[i:j]))
            i = j
        else:
            for p in _PUNCT:
                if s.startswith(p, i):
                    toks.append(("op", p))
                    i += len(p)
                    break
            else:
                toks.append(("op", c))
                i += 1
    return toks


def _string_end(s, i):
    q = s[i]
    if s.startswith(q * 3, i):
        end = s.find(q * 3, i + 3)
        if end < 0:
            raise SyntaxError("multi-line string in a case pattern")
        return end + 3
    j = i + 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == q:
            return j + 1
        j += 1
    raise SyntaxError("unterminated string")


# ---- patterns -> conditions ----

class _Pattern:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else ("end", "")

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise SyntaxError("invalid pattern near %r" % tok[1])
        self.i += 1
        return tok

    def pattern(self, s):
        # pattern: or_pattern ['as' NAME]; an open sequence at top level: a, b
        cond = self.or_pattern(s)
        if self.peek() == ("name", "as"):
            self.take()
            name = self.take()[1]
            cond = "(%s and [(%s := %s)])" % (cond, name, s)
        return cond

    def or_pattern(self, s):
        alts = [self.closed(s)]
        while self.peek() == ("op", "|"):
            self.take()
            alts.append(self.closed(s))
        return alts[0] if len(alts) == 1 else "(" + " or ".join(alts) + ")"

    def closed(self, s):
        kind, v = self.peek()
        if kind == "op" and v in ("-", "+") or kind == "num":
            return "(%s == %s)" % (s, self.number())
        if kind == "str":
            parts = []
            while self.peek()[0] == "str":
                parts.append(self.take()[1])
            return "(%s == %s)" % (s, " ".join(parts))
        if kind == "name":
            if v in ("None", "True", "False"):
                self.take()
                return "(%s is %s)" % (s, v)
            self.take()
            dotted = v
            while self.peek() == ("op", "."):
                self.take()
                dotted += "." + self.take()[1]
            if self.peek() == ("op", "("):
                return self.class_pattern(s, dotted)
            if dotted != v:
                return "(%s == %s)" % (s, dotted)
            if v == "_":
                return "True"
            return "[(%s := %s)]" % (v, s)
        if v == "(":
            self.take()
            save = self.i
            inner = self._item_tokens()
            if self.peek() == ("op", ")"):
                self.take()
                if not inner:
                    return "(__import__('_hlc_match').seq(%s) and len(%s) == 0)" % (s, s)
                return _Pattern(inner).whole(s)  # a group
            self.i = save
            return self.sequence(s, ")")
        if v == "[":
            self.take()
            return self.sequence(s, "]")
        if v == "{":
            self.take()
            return self.mapping(s)
        raise SyntaxError("invalid pattern near %r" % v)

    def number(self):
        text = ""
        if self.peek()[1] in ("-", "+"):
            text += self.take()[1]
        text += self.take()[1]
        if self.peek()[1] in ("-", "+") and self.peek(1)[0] == "num":
            text += self.take()[1] + self.take()[1]
        return text

    def sequence(self, s, close):
        items = []
        while self.peek() != ("op", close):
            if self.peek() == ("op", "*"):
                self.take()
                items.append(("*", self.take()[1]))
            else:
                items.append(("p", self._item_tokens()))
            if self.peek() == ("op", ","):
                self.take()
            elif self.peek() != ("op", close):
                raise SyntaxError("invalid sequence pattern")
        self.take(close)
        return self._seq_cond(s, items)

    def _item_tokens(self):
        start = self.i
        depth = 0
        while True:
            kind, v = self.peek()
            if kind == "end":
                break
            if v in ("(", "[", "{"):
                depth += 1
            elif v in (")", "]", "}"):
                if depth == 0:
                    break
                depth -= 1
            elif v == "," and depth == 0:
                break
            self.i += 1
        return self.t[start:self.i]

    def _seq_cond(self, s, items):
        star = [k for k, (kind, _) in enumerate(items) if kind == "*"]
        n = len(items)
        conds = ["__import__('_hlc_match').seq(%s)" % s]
        if star:
            conds.append("len(%s) >= %d" % (s, n - 1))
        else:
            conds.append("len(%s) == %d" % (s, n))
        after = False
        for k, (kind, val) in enumerate(items):
            if kind == "*":
                after = True
                tail = n - 1 - k
                if val != "_":
                    end = "len(%s) - %d" % (s, tail) if tail else "len(%s)" % s
                    conds.append("[(%s := list(%s[%d:%s]))]" % (val, s, k, end))
                continue
            sub = "%s[%d]" % (s, (k - n) if after else k)
            conds.append(_Pattern(val).whole(sub))
        return "(" + " and ".join(conds) + ")"

    def whole(self, s):
        cond = self.pattern(s)
        if self.peek() == ("op", ","):
            # an open sequence: a, b
            self.i = 0
            items = []
            while self.peek()[0] != "end":
                if self.peek() == ("op", "*"):
                    self.take()
                    items.append(("*", self.take()[1]))
                else:
                    items.append(("p", self._item_tokens()))
                if self.peek() == ("op", ","):
                    self.take()
            return self._seq_cond(s, items)
        if self.peek()[0] != "end":
            raise SyntaxError("invalid pattern near %r" % self.peek()[1])
        return cond

    def mapping(self, s):
        conds = ["__import__('_hlc_match').mapping(%s)" % s]
        keys = []
        while self.peek() != ("op", "}"):
            if self.peek() == ("op", "**"):
                self.take()
                name = self.take()[1]
                conds.append("[(%s := __import__('_hlc_match').rest(%s, (%s,)))]" % (name, s, ", ".join(keys)))
            else:
                kind, v = self.peek()
                if kind == "num" or v in ("-", "+"):
                    key = self.number()
                elif kind == "str":
                    strs = []
                    while self.peek()[0] == "str":
                        strs.append(self.take()[1])
                    key = " ".join(strs)
                else:
                    key = self.take()[1]
                    while self.peek() == ("op", "."):
                        self.take()
                        key += "." + self.take()[1]
                self.take(":")
                keys.append(key)
                val = "__import__('_hlc_match').get(%s, %s)" % (s, key)
                conds.append("(%s is not __import__('_hlc_match')._MISSING)" % val)
                conds.append(_Pattern(self._item_tokens()).whole(val))
            if self.peek() == ("op", ","):
                self.take()
        self.take("}")
        return "(" + " and ".join(conds) + ")"

    def class_pattern(self, s, cls):
        self.take("(")
        conds = ["isinstance(%s, %s)" % (s, cls)]
        k = 0
        while self.peek() != ("op", ")"):
            if self.peek()[0] == "name" and self.peek(1) == ("op", "="):
                name = self.take()[1]
                self.take("=")
                val = "__import__('_hlc_match').attr(%s, %r)" % (s, name)
            else:
                val = "__import__('_hlc_match').pos(%s, %s, %d)" % (s, cls, k)
                k += 1
            conds.append("(%s is not __import__('_hlc_match')._MISSING)" % val)
            conds.append(_Pattern(self._item_tokens()).whole(val))
            if self.peek() == ("op", ","):
                self.take()
        self.take(")")
        return "(" + " and ".join(conds) + ")"


def _split_header(text):
    # "PATTERN [if GUARD]: BODY" -> (pattern tokens, guard source, body source)
    depth = 0
    i = 0
    n = len(text)
    guard_at = -1
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _string_end(text, i)
            continue
        if c == "#":
            break
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif depth == 0:
            if c == ":" and not text.startswith(":=", i):
                head = text[:i]
                body = text[i + 1:]
                if guard_at >= 0:
                    return head[:guard_at], head[guard_at + 3:], body
                return head, None, body
            if text.startswith("if", i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) \
                    and i + 2 < n and not (text[i + 2].isalnum() or text[i + 2] == "_") and guard_at < 0:
                guard_at = i
        i += 1
    return None


def _is_header(stripped, word):
    return stripped.startswith(word) and len(stripped) > len(word) and stripped[len(word)] in " \t([{'\"-"


def rewrite(src):
    lines = src.split("\n")
    out = []
    stack = []  # [match indent, subject name, case indent, cases seen]
    count = 0
    changed = False
    for no, line in enumerate(lines):
        stripped = line.lstrip()
        ind = len(line) - len(stripped)
        if stripped and not stripped.startswith("#"):
            while stack and ind <= stack[-1][0]:
                stack.pop()
        if _is_header(stripped, "match"):
            parts = _split_header(stripped[5:])
            nxt = no + 1
            while nxt < len(lines) and (not lines[nxt].strip() or lines[nxt].lstrip().startswith("#")):
                nxt += 1
            if parts is not None and not parts[2].strip() and nxt < len(lines):
                nline = lines[nxt]
                nstrip = nline.lstrip()
                if _is_header(nstrip, "case") and len(nline) - len(nstrip) > ind:
                    subject = parts[0] if parts[1] is None else parts[0] + " if " + parts[1]
                    name = "_hlc_subject%d" % count
                    count += 1
                    out.append(" " * ind + "%s = (%s)" % (name, subject.strip()))
                    stack.append([ind, name, len(nline) - len(nstrip), 0])
                    changed = True
                    continue
        if stack and _is_header(stripped, "case") and ind == stack[-1][2]:
            parts = _split_header(stripped[4:])
            if parts is None:
                return None
            pat, guard, body = parts
            cond = _Pattern(_tokens(pat)).whole(stack[-1][1])
            if guard is not None:
                cond = "%s and (%s)" % (cond, guard.strip())
            kw = "if" if stack[-1][3] == 0 else "elif"
            stack[-1][3] += 1
            out.append(" " * stack[-1][0] + "%s %s:%s" % (kw, cond, body))
            continue
        out.append(line)
    return "\n".join(out) if changed else None
