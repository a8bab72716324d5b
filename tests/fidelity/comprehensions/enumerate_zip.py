names = ["ann", "bob", "cy"]
scores = [88, 92, 75]
for i, (n, s) in enumerate(zip(names, scores), 1):
    print(f"{i}. {n:<4} {s}")
print(list(zip(names, scores, "xyz")))
print(list(zip([1, 2, 3], "ab")))
print(dict(enumerate(names)))
ranked = sorted(zip(scores, names), reverse=True)
print(ranked)
print(list(reversed(names)), names[::-1])
