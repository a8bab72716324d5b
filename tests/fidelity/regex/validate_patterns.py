import re
checks = {
    "zip": (r"^\d{5}(-\d{4})?$", ["12345", "12345-6789", "1234", "abcde"]),
    "hex": (r"^#?[0-9a-fA-F]{6}$", ["#ff00AA", "00ff00", "#12345g"]),
    "ipv4": (r"^(\d{1,3}\.){3}\d{1,3}$", ["192.168.0.1", "1.2.3", "10.0.0.256"]),
}
for name, (pat, samples) in checks.items():
    rx = re.compile(pat)
    print(name, [bool(rx.match(s)) for s in samples])
print(bool(re.fullmatch(r"[a-z]+", "abc")), bool(re.fullmatch(r"[a-z]+", "abc1")))
