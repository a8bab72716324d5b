raw = ["42", " 17 ", "3.14", "-8", "1e3", "abc", "", "0x1f", "1,234", "7.0"]
ints, floats, bad = [], [], []
for s in raw:
    s2 = s.strip()
    try:
        ints.append(int(s2))
        continue
    except ValueError:
        pass
    try:
        floats.append(float(s2.replace(",", "")))
    except ValueError as e:
        bad.append((s, str(e)))
print(ints)
print(floats)
for b in bad:
    print(b)
print(int("0x1f", 16), int(float("7.0")), float("  -0.5 "), float("1_000.5"))
