first, *middle, last = [1, 2, 3, 4, 5]
print(first, middle, last)
head, *tail = "hello"
print(head, tail)
(a, b), c = (1, 2), 3
print(a, b, c)
a, b = b, a
print(a, b)
xs = [1, 2]
ys = [3, 4]
print([*xs, *ys, 5])
print((*xs, *ys))
print({*xs, *ys, 1})
d1 = {"a": 1, "b": 2}
d2 = {"b": 20, "c": 30}
print({**d1, **d2})
print({**d1, "z": 0, **d2, "a": 100})
def f(*args, **kwargs):
    return args, kwargs
print(f(*xs, *ys, **d1, **{"q": 9}))
print(f(0, *xs, k=1, **d2))
for i, (k, v) in enumerate(d1.items()):
    print(i, k, v)
