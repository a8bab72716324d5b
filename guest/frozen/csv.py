"""csv for the guest, written for MicroPython: reader, writer, DictReader, DictWriter, dialects
(excel, excel-tab, unix) and the quoting constants, with CPython's parsing and quoting rules."""

QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE = 0, 1, 2, 3

__all__ = [
    "QUOTE_MINIMAL", "QUOTE_ALL", "QUOTE_NONNUMERIC", "QUOTE_NONE", "Error", "Dialect", "excel",
    "excel_tab", "unix_dialect", "reader", "writer", "DictReader", "DictWriter", "register_dialect",
    "get_dialect", "list_dialects", "unregister_dialect", "field_size_limit", "Sniffer",
]


class Error(Exception):
    pass


class Dialect:
    delimiter = ","
    quotechar = '"'
    escapechar = None
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = QUOTE_MINIMAL
    strict = False


class excel(Dialect):
    pass


class excel_tab(excel):
    delimiter = "\t"


class unix_dialect(Dialect):
    lineterminator = "\n"
    quoting = QUOTE_ALL


_dialects = {"excel": excel, "excel-tab": excel_tab, "unix": unix_dialect}
_field_limit = 131072


def register_dialect(name, dialect=None, **fmtparams):
    _dialects[name] = _Params(dialect or excel, fmtparams)


def unregister_dialect(name):
    if name not in _dialects:
        raise Error("unknown dialect")
    del _dialects[name]


def get_dialect(name):
    try:
        return _dialects[name]
    except KeyError:
        raise Error("unknown dialect")


def list_dialects():
    return list(_dialects)


def field_size_limit(*args):
    global _field_limit
    old = _field_limit
    if args:
        _field_limit = args[0]
    return old


class _Params:
    def __init__(self, dialect, kw):
        if isinstance(dialect, str):
            dialect = get_dialect(dialect)
        for name in ("delimiter", "quotechar", "escapechar", "doublequote", "skipinitialspace",
                     "lineterminator", "quoting", "strict"):
            setattr(self, name, kw[name] if name in kw else getattr(dialect, name))
        for name in kw:
            if not hasattr(self, name):
                raise TypeError("'%s' is an invalid keyword argument for this function" % name)
        if not isinstance(self.delimiter, str) or len(self.delimiter) != 1:
            raise TypeError('"delimiter" must be a 1-character string')
        if self.quotechar == "":
            self.quotechar = None
        if self.quotechar is None and self.quoting != QUOTE_NONE:
            raise TypeError("quotechar must be set if quoting enabled")


class _Reader:
    def __init__(self, f, dialect, kw):
        self._it = iter(f)
        self.dialect = _Params(dialect, kw)
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self):
        d = self.dialect
        delim, quote, esc = d.delimiter, d.quotechar, d.escapechar
        row = []
        field = []
        state = 0  # 0 start of field, 1 in field, 2 in quoted, 3 quote in quoted, 4 escape, 5 escape in quoted
        quoted = False
        first = True
        while True:
            try:
                line = next(self._it)
            except StopIteration:
                if first:
                    raise
                if state in (2, 5):
                    if d.strict:
                        raise Error("unexpected end of data")
                row.append(self._value(field, quoted))
                return row
            if not isinstance(line, str):
                raise Error("iterator should return strings, not %s (the file should be opened in text mode)" % type(line).__name__)
            first = False
            self.line_num += 1
            if "\0" in line:
                raise Error("line contains NUL")
            i = 0
            n = len(line)
            while i < n:
                c = line[i]
                i += 1
                if state == 0:
                    quoted = False
                    if c == "\n" or c == "\r":
                        if c == "\r" and i < n and line[i] == "\n":
                            i += 1
                        if row or field:
                            row.append("".join(field))
                        return row
                    if c == quote and d.quoting != QUOTE_NONE:
                        state = 2
                        quoted = True
                    elif c == esc:
                        state = 4
                    elif c == " " and d.skipinitialspace:
                        pass
                    elif c == delim:
                        row.append(self._value(field, False))
                        field = []
                    else:
                        field.append(c)
                        state = 1
                elif state == 1:
                    if c == "\n" or c == "\r":
                        row.append(self._value(field, False))
                        return row
                    if c == esc:
                        state = 4
                    elif c == delim:
                        row.append(self._value(field, False))
                        field = []
                        state = 0
                    else:
                        field.append(c)
                elif state == 2:
                    if c == esc:
                        state = 5
                    elif c == quote:
                        state = 3 if d.doublequote else 1
                    else:
                        field.append(c)
                elif state == 3:
                    if c == quote:
                        field.append(c)
                        state = 2
                    elif c == delim:
                        row.append(self._value(field, quoted))
                        field = []
                        state = 0
                    elif c == "\n" or c == "\r":
                        row.append(self._value(field, quoted))
                        return row
                    elif d.strict:
                        raise Error("'%s' expected after '%s'" % (delim, quote))
                    else:
                        field.append(c)
                        state = 1
                elif state == 4:
                    field.append(c)
                    state = 1
                elif state == 5:
                    field.append(c)
                    state = 2
            # line ended without a newline
            if state in (2, 5):
                if state == 5:
                    state = 2
                continue  # a quoted field spans lines
            if state == 4:
                field.append("\n")
                state = 1
                continue
            row.append(self._value(field, quoted))
            return row

    def _value(self, field, quoted):
        s = "".join(field)
        if len(s) > _field_limit:
            raise Error("field larger than field limit (%d)" % _field_limit)
        if self.dialect.quoting == QUOTE_NONNUMERIC and not quoted and s:
            return float(s)
        return s


def reader(f, dialect="excel", **kw):
    return _Reader(f, dialect, kw)


class _Writer:
    def __init__(self, f, dialect, kw):
        self._f = f
        self.dialect = _Params(dialect, kw)

    def _field(self, v, only):
        d = self.dialect
        if v is None:
            s = ""
        elif isinstance(v, float):
            s = repr(v)
        else:
            s = str(v)
        numeric = isinstance(v, (int, float))
        q = d.quoting
        if q == QUOTE_ALL or (q == QUOTE_NONNUMERIC and not numeric):
            need = True
        elif q == QUOTE_NONE:
            need = False
        else:
            need = (s == "" and only) or any(
                c == d.delimiter or c == d.quotechar or c in "\r\n" or c in d.lineterminator for c in s
            ) or (s[:1] == " " and d.skipinitialspace)
        out = []
        for c in s:
            if c == d.quotechar and d.quotechar is not None:
                if d.doublequote and q != QUOTE_NONE:
                    out.append(c + c)
                    continue
                if d.escapechar is None:
                    raise Error("need to escape, but no escapechar set")
                out.append(d.escapechar + c)
                continue
            if q == QUOTE_NONE and (c == d.delimiter or c in "\r\n" or (d.escapechar is not None and c == d.escapechar)):
                if d.escapechar is None:
                    raise Error("need to escape, but no escapechar set")
                out.append(d.escapechar + c)
                continue
            if d.escapechar is not None and c == d.escapechar:
                out.append(c + c)
                continue
            out.append(c)
        s = "".join(out)
        if need:
            s = d.quotechar + s + d.quotechar
        return s

    def writerow(self, row):
        try:
            items = list(row)
        except TypeError:
            raise Error("iterable expected, not %s" % type(row).__name__)
        d = self.dialect
        line = d.delimiter.join(self._field(v, len(items) == 1) for v in items) + d.lineterminator
        return self._f.write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(f, dialect="excel", **kw):
    return _Writer(f, dialect, kw)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect="excel", **kw):
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.reader = reader(f, dialect, **kw)
        self.dialect = dialect
        self.line_num = 0

    def __iter__(self):
        return self

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    @fieldnames.setter
    def fieldnames(self, value):
        self._fieldnames = value

    def __next__(self):
        if self.line_num == 0:
            self.fieldnames
        row = next(self.reader)
        self.line_num = self.reader.line_num
        while row == []:
            row = next(self.reader)
        names = self.fieldnames
        d = dict(zip(names, row))
        lf = len(names)
        lr = len(row)
        if lf < lr:
            d[self.restkey] = row[lf:]
        elif lf > lr:
            for key in names[lr:]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", dialect="excel", **kw):
        if fieldnames is not None and iter(fieldnames) is fieldnames:
            fieldnames = list(fieldnames)
        self.fieldnames = fieldnames
        self.restval = restval
        if extrasaction.lower() not in ("raise", "ignore"):
            raise ValueError("extrasaction (%s) must be 'raise' or 'ignore'" % extrasaction)
        self.extrasaction = extrasaction
        self.writer = writer(f, dialect, **kw)

    def writeheader(self):
        return self.writer.writerow(self.fieldnames)

    def _dict_to_list(self, rowdict):
        if self.extrasaction == "raise":
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError("dict contains fields not in fieldnames: " + ", ".join([repr(x) for x in wrong]))
        return [rowdict.get(key, self.restval) for key in self.fieldnames]

    def writerow(self, rowdict):
        return self.writer.writerow(self._dict_to_list(rowdict))

    def writerows(self, rowdicts):
        for r in rowdicts:
            self.writerow(r)


class Sniffer:
    def sniff(self, sample, delimiters=None):
        counts = {}
        for c in delimiters or ",\t;|: ":
            n = sample.count(c)
            if n:
                counts[c] = n
        if not counts:
            raise Error("Could not determine delimiter")
        best = max(counts, key=lambda c: counts[c])

        class sniffed(Dialect):
            delimiter = best
            lineterminator = "\r\n"
        return sniffed

    def has_header(self, sample):
        rows = list(reader(sample.splitlines()))
        if len(rows) < 2:
            return False
        header, first = rows[0], rows[1]
        for h, v in zip(header, first):
            try:
                float(v)
                try:
                    float(h)
                except ValueError:
                    return True
            except ValueError:
                pass
        return False
