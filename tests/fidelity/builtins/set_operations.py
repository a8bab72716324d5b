a = {1, 2, 3}
a.add(4)
a.discard(10)
a.remove(1)
print(sorted(a), 2 in a, len(a))
b = {3, 4, 5, 6}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(a ^ b))
print(a.issubset({2, 3, 4, 5}), a.isdisjoint({9}), {2, 3} <= a, a.union([7]), a.intersection(b))
s = set()
s.update([1, 2], (3,))
print(s, s.pop() in {1, 2, 3}, frozenset([1, 2]) == {1, 2})
try:
    set().remove(1)
except KeyError as e:
    print("KeyError:", e)
