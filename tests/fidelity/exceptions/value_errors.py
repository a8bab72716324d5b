cases = [
    lambda: int("12a"),
    lambda: float("x1"),
    lambda: int(""),
    lambda: "abc".index("z"),
    lambda: [1, 2].remove(3),
    lambda: dict([(1, 2, 3)]),
    lambda: "a,b".split(""),
]
for c in cases:
    try:
        c()
    except ValueError as e:
        print("ValueError:", e)
a, b = 1, 2
try:
    a, b = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = [1, 2]
except ValueError as e:
    print("ValueError:", e)
