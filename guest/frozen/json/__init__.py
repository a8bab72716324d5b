"""json for the guest: CPython's dumps/dump/loads/load API, output format and decoder errors
(JSONDecodeError's msg, pos, lineno, colno), over _hlc_json (guest/c/hlc_json.c), which parses
and encodes in C."""

import _hlc_json as _c

__all__ = ["dump", "dumps", "load", "loads", "JSONDecodeError", "JSONEncoder", "JSONDecoder"]


class JSONDecodeError(ValueError):
    """Subclass of ValueError with the following additional properties:

    msg: The unformatted error message
    doc: The JSON document being parsed
    pos: The start index of doc where parsing failed
    lineno: The line corresponding to pos
    colno: The column corresponding to pos
    """

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        errmsg = "%s: line %d column %d (char %d)" % (msg, lineno, colno, pos)
        super().__init__(errmsg)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno

    def __reduce__(self):
        return self.__class__, (self.msg, self.doc, self.pos)


def _coerce(o):
    # The plain value of an instance of a subclass of a JSON type (what CPython encodes), or o.
    if isinstance(o, str):
        return o[:]
    if isinstance(o, int):
        return int(o)
    if isinstance(o, float):
        return o * 1.0  # float(o) refuses a subclass in the guest; * 1.0 keeps -0.0 and nan
    if isinstance(o, dict):
        return dict(o.items())
    if isinstance(o, (list, tuple)) or _is_namedtuple(o):
        return list(o)
    return o


def _is_namedtuple(o):
    return hasattr(o, "_fields") and hasattr(o, "_asdict") and not isinstance(o, type)


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
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = " " * indent
        return _c.encode(o, indent, self.item_separator, self.key_separator, self.sort_keys,
                         self.skipkeys, self.ensure_ascii, self.allow_nan, self.check_circular,
                         self.default, _coerce)

    def iterencode(self, o, _one_shot=False):
        return iter([self.encode(o)])


_default_encoder = JSONEncoder()


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None,
          indent=None, separators=None, default=None, sort_keys=False, **kw):
    if (not skipkeys and ensure_ascii and check_circular and allow_nan and cls is None
            and indent is None and separators is None and default is None and not sort_keys and not kw):
        return _default_encoder.encode(obj)
    if cls is None:
        cls = JSONEncoder
    return cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular,
               allow_nan=allow_nan, indent=indent, separators=separators, default=default,
               sort_keys=sort_keys, **kw).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


def detect_encoding(b):
    bstartswith = b.startswith
    if bstartswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")):
        return "utf-32"
    if bstartswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if bstartswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if len(b) >= 4:
        if not b[0]:
            return "utf-16-be" if b[1] else "utf-32-be"
        if not b[1]:
            return "utf-16-le" if b[2] or b[3] else "utf-32-le"
    elif len(b) == 2:
        if not b[0]:
            return "utf-16-be"
        if not b[1]:
            return "utf-16-le"
    return "utf-8"


def _to_str(s):
    if isinstance(s, str):
        if s.startswith("\ufeff"):
            raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
        return s
    if not isinstance(s, (bytes, bytearray)):
        raise TypeError("the JSON object must be str, bytes or bytearray, not %s" % type(s).__name__)
    enc = detect_encoding(s)
    if enc == "utf-8-sig":
        return bytes(s[3:]).decode("utf-8")
    return bytes(s).decode(enc)


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
          object_pairs_hook=None, **kw):
    s = _to_str(s)
    if cls is None and not kw:
        if parse_float is float:
            parse_float = None
        if parse_int is int:
            parse_int = None
        return _c.decode(s, JSONDecodeError, True, object_hook, object_pairs_hook, parse_float,
                         parse_int, parse_constant, -1)
    if cls is None:
        cls = JSONDecoder
    if object_hook is not None:
        kw["object_hook"] = object_hook
    if object_pairs_hook is not None:
        kw["object_pairs_hook"] = object_pairs_hook
    if parse_float is not None:
        kw["parse_float"] = parse_float
    if parse_int is not None:
        kw["parse_int"] = parse_int
    if parse_constant is not None:
        kw["parse_constant"] = parse_constant
    return cls(**kw).decode(s)


def load(fp, **kw):
    return loads(fp.read(), **kw)


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
                 strict=True, object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def _args(self):
        pf = self.parse_float
        pi = self.parse_int
        return (self.strict, self.object_hook, self.object_pairs_hook, None if pf is float else pf,
                None if pi is int else pi, self.parse_constant)

    def decode(self, s):
        if not isinstance(s, str):
            s = _to_str(s)
        return _c.decode(*((s, JSONDecodeError) + self._args() + (-1,)))

    def raw_decode(self, s, idx=0):
        if idx < 0:
            raise ValueError("idx cannot be negative")
        return _c.decode(*((s, JSONDecodeError) + self._args() + (idx,)))
