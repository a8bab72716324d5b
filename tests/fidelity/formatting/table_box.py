data = [("Python", 1991, 3.12), ("Rust", 2015, 1.78), ("Go", 2009, 1.22)]
cols = ["Language", "Year", "Version"]
w = [max(len(str(x)) for x in col) for col in zip(cols, *data)]
line = "+" + "+".join("-" * (n + 2) for n in w) + "+"
print(line)
print("| " + " | ".join(c.center(n) for c, n in zip(cols, w)) + " |")
print(line.replace("-", "="))
for row in data:
    print("| " + " | ".join(str(v).ljust(n) if isinstance(v, str) else str(v).rjust(n) for v, n in zip(row, w)) + " |")
print(line)
