parts = []
for i in range(1, 6):
    parts.append(f"{i}^2={i * i}")
print("; ".join(parts))
s = ""
for ch in "abc":
    s += ch * 2
print(s, s * 2, "-" * 10)
print("abc" < "abd", "Z" < "a", "apple" > "app", max("hello"), min("hello"))
print(str(123) + str(4.5) + str(True) + str(None) + str([1]))
print("x".join("abc"), ",".join(map(str, range(4))))
print(" | ".join(["%-5s" % w for w in ["a", "bb", "ccc"]]))
