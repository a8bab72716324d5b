"""json for the guest: CPython's dumps/dump/loads/load API and output format over the built-in
ujson (which parses, and escapes strings)."""

import ujson as _u

__all__ = ["dump", "dumps", "load", "loads", "JSONDecodeError", "JSONEncoder", "JSONDecoder"]


class JSONDecodeError(ValueError):
    def __init__(self, msg, doc="", pos=0):
        super().__init__(msg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = doc.count("\n", 0, pos) + 1 if isinstance(doc, str) else 1
        self.colno = pos - doc.rfind("\n", 0, pos) if isinstance(doc, str) else pos + 1


_INF = float("inf")


def _float_str(o, allow_nan):
    if o != o:
        text = "NaN"
    elif o == _INF:
        text = "Infinity"
    elif o == -_INF:
        text = "-Infinity"
    else:
        return repr(o)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant")
    return text


def _ascii_escape(s):
    out = []
    for ch in s:
        c = ord(ch)
        if c < 0x7F:
            out.append(ch)
        elif c < 0x10000:
            out.append("\\u%04x" % c)
        else:
            c -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 | (c >> 10), 0xDC00 | (c & 0x3FF)))
    return "".join(out)


class JSONEncoder:
    item_separator = ", "
    key_separator = ": "

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ","
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError("Object of type %s is not JSON serializable" % type(o).__name__)

    def encode(self, o):
        chunks = []
        self._enc(o, chunks, 0, {} if self.check_circular else None)
        return "".join(chunks)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])

    def _str(self, s):
        text = _u.dumps(s)
        if self.ensure_ascii and not text.isascii() or self.ensure_ascii and "\x7f" in text:
            text = _ascii_escape(text)
        return text

    def _enc(self, o, out, level, markers):
        if isinstance(o, str):
            out.append(self._str(o))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(int.__repr__(o) if type(o) is not int else repr(o))
        elif isinstance(o, float):
            out.append(_float_str(o, self.allow_nan))
        elif isinstance(o, (list, tuple)) or _is_namedtuple(o):
            self._list(o, out, level, markers)
        elif isinstance(o, dict):
            self._dict(o, out, level, markers)
        else:
            if markers is not None:
                mid = id(o)
                if mid in markers:
                    raise ValueError("Circular reference detected")
                markers[mid] = o
            self._enc(self.default(o), out, level, markers)
            if markers is not None:
                del markers[mid]

    def _list(self, o, out, level, markers):
        if not len(o):
            out.append("[]")
            return
        if markers is not None:
            mid = id(o)
            if mid in markers:
                raise ValueError("Circular reference detected")
            markers[mid] = o
        out.append("[")
        if self.indent is not None:
            level += 1
            nl = "\n" + self.indent * level
            sep = self.item_separator + nl
            out.append(nl)
        else:
            sep = self.item_separator
        first = True
        for v in o:
            if not first:
                out.append(sep)
            first = False
            self._enc(v, out, level, markers)
        if self.indent is not None:
            level -= 1
            out.append("\n" + self.indent * level)
        out.append("]")
        if markers is not None:
            del markers[mid]

    def _dict(self, o, out, level, markers):
        if not len(o):
            out.append("{}")
            return
        if markers is not None:
            mid = id(o)
            if mid in markers:
                raise ValueError("Circular reference detected")
            markers[mid] = o
        out.append("{")
        if self.indent is not None:
            level += 1
            nl = "\n" + self.indent * level
            sep = self.item_separator + nl
            out.append(nl)
        else:
            sep = self.item_separator
        items = list(o.items())
        if self.sort_keys:
            items.sort(key=lambda kv: kv[0])
        first = True
        for k, v in items:
            if isinstance(k, str):
                pass
            elif isinstance(k, float):
                k = _float_str(k, self.allow_nan)
            elif k is True:
                k = "true"
            elif k is False:
                k = "false"
            elif k is None:
                k = "null"
            elif isinstance(k, int):
                k = repr(k)
            elif self.skipkeys:
                continue
            else:
                raise TypeError("keys must be str, int, float, bool or None, not %s" % type(k).__name__)
            if not first:
                out.append(sep)
            first = False
            out.append(self._str(k))
            out.append(self.key_separator)
            self._enc(v, out, level, markers)
        if self.indent is not None:
            level -= 1
            out.append("\n" + self.indent * level)
        out.append("}")
        if markers is not None:
            del markers[mid]


def _is_namedtuple(o):
    return hasattr(o, "_fields") and hasattr(o, "_asdict") and not isinstance(o, type)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    if cls is None:
        cls = JSONEncoder
    return cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
               allow_nan=allow_nan, indent=indent, separators=separators, default=default,
               sort_keys=sort_keys, **kw).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


def _hook(o, object_hook, object_pairs_hook, parse_float, parse_int):
    if isinstance(o, dict):
        items = [(k, _hook(v, object_hook, object_pairs_hook, parse_float, parse_int)) for k, v in o.items()]
        if object_pairs_hook is not None:
            return object_pairs_hook(items)
        d = dict(items)
        return object_hook(d) if object_hook is not None else d
    if isinstance(o, list):
        return [_hook(v, object_hook, object_pairs_hook, parse_float, parse_int) for v in o]
    if isinstance(o, float) and parse_float is not None:
        return parse_float(repr(o))
    if isinstance(o, int) and not isinstance(o, bool) and o is not True and o is not False and parse_int is not None:
        return parse_int(str(o))
    return o


def _trailing_comma(s):
    """Index of a '}' or ']' that follows a ',' (ujson accepts these, CPython does not), or -1."""
    candidate = False
    for close in "}]":
        i = s.find(close)
        while i >= 0:
            j = i - 1
            while j >= 0 and s[j] in " \t\n\r":
                j -= 1
            if j >= 0 and s[j] == ",":
                candidate = True
                break
            i = s.find(close, i + 1)
        if candidate:
            break
    if not candidate:
        return -1
    in_str = False
    last = ""
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if in_str:
            if ch == "\\":
                i += 1
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            last = '"'
        elif ch in "}]":
            if last == ",":
                return i
            last = ch
        elif ch not in " \t\n\r":
            last = ch
        i += 1
    return -1


def _error_pos(s):
    # Position of the first non-space character, as CPython reports for most syntax errors.
    i = 0
    while i < len(s) and s[i] in " \t\n\r":
        i += 1
    return i


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
          object_pairs_hook=None, **kw):
    if isinstance(s, (bytes, bytearray)):
        s = s.decode("utf-8")
    if not isinstance(s, str):
        raise TypeError("the JSON object must be str, bytes or bytearray, not %s" % type(s).__name__)
    if not s.strip():
        raise JSONDecodeError("Expecting value: line 1 column %d (char %d)" % (len(s) + 1, len(s)), s, len(s))
    bad = _trailing_comma(s)
    if bad >= 0:
        msg = "Expecting property name enclosed in double quotes" if s[bad] == "}" else "Expecting value"
        raise JSONDecodeError("%s: line %d column %d (char %d)" % (
            msg, s.count("\n", 0, bad) + 1, bad - s.rfind("\n", 0, bad), bad), s, bad)
    try:
        if "NaN" in s or "Infinity" in s:
            obj = _const_back(_u.loads(_const_fix(s)))
        else:
            obj = _u.loads(s)
    except ValueError as e:
        pos = _error_pos(s)
        raise JSONDecodeError("%s: line 1 column %d (char %d)" % (e.args[0] if e.args else "Invalid JSON", pos + 1, pos), s, pos)
    if object_hook or object_pairs_hook or parse_float or parse_int:
        obj = _hook(obj, object_hook, object_pairs_hook, parse_float, parse_int)
    return obj


_CONSTS = {"\x00NaN": float("nan"), "\x00Inf": _INF, "\x00-Inf": -_INF}


def _const_fix(s):
    # NaN / Infinity outside strings -> sentinel strings, replaced after parsing
    out = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            out.append(s[i:j + 1])
            i = j + 1
        elif s.startswith("NaN", i):
            out.append('"\\u0000NaN"')
            i += 3
        elif s.startswith("-Infinity", i):
            out.append('"\\u0000-Inf"')
            i += 9
        elif s.startswith("Infinity", i):
            out.append('"\\u0000Inf"')
            i += 8
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _const_back(o):
    if isinstance(o, str):
        return _CONSTS.get(o, o)
    if isinstance(o, list):
        return [_const_back(v) for v in o]
    if isinstance(o, dict):
        return {k: _const_back(v) for k, v in o.items()}
    return o


def load(fp, **kw):
    return loads(fp.read(), **kw)


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
                 strict=True, object_pairs_hook=None):
        self._kw = dict(object_hook=object_hook, parse_float=parse_float, parse_int=parse_int,
                        object_pairs_hook=object_pairs_hook)

    def decode(self, s):
        return loads(s, **self._kw)
