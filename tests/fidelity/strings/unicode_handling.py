s = "naïve café – 日本語 ✓"
print(len(s), s.upper())
print([c for c in s if ord(c) > 127])
print(s.encode("utf-8"))
print(len(s.encode("utf-8")), s.encode("utf-8").decode("utf-8") == s)
print(ord("é"), chr(233), chr(0x1F600), "\u00e9" == "é")
print(s[6:10], s[::-1])
print("résumé".encode("ascii", errors="ignore"), "résumé".encode("ascii", "replace"))
