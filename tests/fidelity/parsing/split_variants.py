s = "  alpha, beta ,,gamma ,  delta  "
print(s.split(","))
print([p.strip() for p in s.split(",") if p.strip()])
print("a b  c\td\ne".split())
print("a-b-c-d".split("-", 2), "a-b-c-d".rsplit("-", 1))
print("k1=v1;k2=v2".split(";"))
print("line1\nline2\r\nline3\n".splitlines(), "x\ny\n".splitlines(True))
print("2024-05-06".partition("-"), "no-sep".rpartition(":"))
print("".split(","), "".split())
