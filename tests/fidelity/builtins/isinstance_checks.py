values = [1, 1.5, "s", [1], (1,), {"a": 1}, {1}, None, True, b"x", 3j]
for v in values:
    print(f"{v!r:<10} {type(v).__name__:<9} {isinstance(v, (int, float))} {isinstance(v, (list, tuple))}")
print(isinstance(True, int), type(True) is bool, issubclass(bool, int))
