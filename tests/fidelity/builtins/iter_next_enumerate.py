it = iter([10, 20, 30])
print(next(it))
for x in it:
    print("rest", x)
e = enumerate("ab", start=5)
print(next(e), list(e))
d = {"x": 1, "y": 2}
print([k for k in d], [v for v in d.values()], list(iter(d.items())))
print(list(iter(lambda: 1, 1)))
