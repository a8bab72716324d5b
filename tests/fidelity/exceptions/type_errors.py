cases = [
    lambda: 1 + "1",
    lambda: "a" * "b",
    lambda: len(42),
    lambda: None(),
    lambda: [1, 2] + (3,),
    lambda: int(None),
    lambda: sum(["a", "b"]),
    lambda: sorted([3, "a", 1]),
    lambda: {}[[]],
    lambda: "x" < 3,
]
for c in cases:
    try:
        c()
    except TypeError as e:
        print("TypeError:", e)
