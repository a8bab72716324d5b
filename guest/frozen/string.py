"""string for the guest: constants, capwords, Template, Formatter (basic)."""

whitespace = " \t\n\r\x0b\x0c"
ascii_lowercase = "abcdefghijklmnopqrstuvwxyz"
ascii_uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ascii_letters = ascii_lowercase + ascii_uppercase
digits = "0123456789"
hexdigits = digits + "abcdef" + "ABCDEF"
octdigits = "01234567"
punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    return (sep or " ").join(w.capitalize() for w in s.split(sep))


def _is_ident_char(c, first):
    return c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z") or (not first and "0" <= c <= "9")


class Template:
    delimiter = "$"
    idpattern = None
    braceidpattern = None

    def __init__(self, template):
        self.template = template

    def _scan(self, mapping, safe):
        s = self.template
        d = self.delimiter
        out = []
        i = 0
        n = len(s)
        while i < n:
            j = s.find(d, i)
            if j < 0:
                out.append(s[i:])
                break
            out.append(s[i:j])
            k = j + len(d)
            if s.startswith(d, k):
                out.append(d)
                i = k + len(d)
                continue
            if k < n and s[k] == "{":
                e = s.find("}", k)
                name = s[k + 1:e] if e > 0 else ""
                if e > 0 and name and _is_ident_char(name[0], True) and all(_is_ident_char(c, False) for c in name):
                    if name in mapping:
                        out.append(str(mapping[name]))
                    elif safe:
                        out.append(s[j:e + 1])
                    else:
                        raise KeyError(name)
                    i = e + 1
                    continue
                if safe:
                    out.append(d)
                    i = k
                    continue
                self._invalid(k)
            e = k
            if e < n and _is_ident_char(s[e], True):
                e += 1
                while e < n and _is_ident_char(s[e], False):
                    e += 1
                name = s[k:e]
                if name in mapping:
                    out.append(str(mapping[name]))
                elif safe:
                    out.append(s[j:e])
                else:
                    raise KeyError(name)
                i = e
                continue
            if safe:
                out.append(d)
                i = k
                continue
            self._invalid(k)
        return "".join(out)

    def _invalid(self, i):
        lines = self.template[:i].splitlines(True)
        if not lines:
            colno, lineno = 1, 1
        else:
            colno = i - len("".join(lines[:-1]))
            lineno = len(lines)
        raise ValueError("Invalid placeholder in string: line %d, col %d" % (lineno, colno))

    def substitute(self, mapping=None, **kws):
        m = dict(mapping.items()) if mapping is not None else {}
        m.update(kws)
        return self._scan(m, False)

    def safe_substitute(self, mapping=None, **kws):
        m = dict(mapping.items()) if mapping is not None else {}
        m.update(kws)
        return self._scan(m, True)

    def get_identifiers(self):
        ids = []

        class _Rec(dict):
            def __contains__(s, k):
                if k not in ids:
                    ids.append(k)
                return True

            def __getitem__(s, k):
                return ""
        try:
            self._scan(_Rec(), True)
        except ValueError:
            pass
        return ids

    def is_valid(self):
        try:
            self._scan({}, False)
        except KeyError:
            return True
        except ValueError:
            return False
        return True


class Formatter:
    def format(self, format_string, *args, **kwargs):
        return self.vformat(format_string, args, kwargs)

    def vformat(self, format_string, args, kwargs):
        return format_string.format(*args, **kwargs)
