words = ["Apple", "avocado", "Banana", "blueberry", "cherry", "apple"]
initials = {w[0].lower() for w in words}
print(sorted(initials))
lengths = {len(w) for w in words}
print(sorted(lengths), len(lengths))
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b)
print({x % 3 for x in range(10)}, {x for x in a if x not in b})
