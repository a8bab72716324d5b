"""Generates `_re_unicode`, the frozen module holding the Unicode tables the guest's `re` needs for str
patterns (\\w \\d \\s and IGNORECASE folding), which MicroPython's str methods do not provide
beyond ASCII. Run with the CPython whose `re` the tests compare against:

    python3 guest/gen_re_unicode.py > _re_unicode.py

guest/build.rs runs it and freezes the output; tests/test_re.py loads the same output into CPython.
"""

import sys
import unicodedata


def _ranges(pred, lo, hi=0x110000):
    out, start = [], None
    for c in range(lo, hi):
        if pred(c):
            if start is None:
                start = c
        elif start is not None:
            out.append((start, c - 1))
            start = None
    if start is not None:
        out.append((start, hi - 1))
    return out


def _boundaries(ranges):
    # A str whose characters are the code points lo0, hi0+1, lo1, hi1+1, ...: compact in the
    # frozen image (UTF-8) and decoded with ord() only when first needed.
    pts = []
    for lo, hi in ranges:
        pts += [lo, hi + 1]
    for p in pts:
        assert not 0xD800 <= p < 0xE000 and p < 0x110000, p
    return "".join("\\u%04x" % p if p < 0x10000 else "\\U%08x" % p for p in pts)


def _simple_upper(c):
    u = chr(c).upper()
    return ord(u) if len(u) == 1 else c


def _simple_lower(c):
    lo = chr(c).lower()
    if len(lo) == 1:
        return ord(lo)
    return 0x69 if c == 0x130 else c  # U+0130's simple lowercase is 'i'


def _fold_runs():
    # fold(c) = simple_lower(simple_upper(c)): two characters match under IGNORECASE when their
    # folds are equal (this also covers pairs such as 's'/U+017F that share an uppercase).
    runs = []
    for c in range(0x80, 0x110000):
        if 0xD800 <= c < 0xE000:
            continue
        f = _simple_lower(_simple_upper(c))
        if f == c:
            continue
        d = f - c
        if runs:
            s, n, st, dd = runs[-1]
            if dd == d and ((n == 1 and c - s in (1, 2)) or (n > 1 and c == s + n * st)):
                runs[-1] = (s, n + 1, c - s if n == 1 else st, d)
                continue
        runs.append((c, 1, 1, d))
    return runs


def main():
    w = _ranges(lambda c: chr(c).isalnum(), 0x80)
    d = _ranges(lambda c: chr(c).isdecimal(), 0x80)
    s = _ranges(lambda c: chr(c).isspace(), 0)
    runs = _fold_runs()
    out = sys.stdout
    out.write('"""Unicode tables for the guest\'s re (generated at build time by guest/gen_re_unicode.py from\n')
    out.write("CPython %d.%d, Unicode %s; do not edit).\n\n" % (sys.version_info[:2] + (unicodedata.unidata_version,)))
    out.write("W, D: code-point boundaries (start, end+1, ...) of alphanumeric and decimal characters\n")
    out.write(">= 0x80; S: the whitespace ranges; FOLD: runs (start, count, step, delta) of characters\n")
    out.write('>= 0x80 whose IGNORECASE fold (lower of upper) is not themselves."""\n\n')
    out.write('W = "%s"\n' % _boundaries(w))
    out.write('D = "%s"\n' % _boundaries(d))
    out.write("S = %r\n" % (tuple(x for r in s for x in r),))
    flat = [x for r in runs for x in r]
    out.write("FOLD = (\n")
    for i in range(0, len(flat), 16):
        out.write("    " + ", ".join(str(x) for x in flat[i:i + 16]) + ",\n")
    out.write(")\n")


if __name__ == "__main__":
    main()
