t = (1, "two", 3.0)
a, b, c = t
print(t, t[1], t[-1], len(t), t.index("two"), t.count(1))
print(t + (4,), t * 2, (1,) == (1,), (1, 2) < (1, 3), tuple(reversed(t)))
nested = ((1, 2), (3, 4))
print(dict(nested), [x for pair in nested for x in pair])
try:
    t[0] = 5
except TypeError as e:
    print("TypeError:", e)
