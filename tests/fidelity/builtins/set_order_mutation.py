# Set iteration order after the table is changed: removals leave dummies that later additions
# reuse, pop() moves on from where it stopped, tables grow and shrink; printed as they come.
seen = set()
for n in [40, 8, 16, 3, 24, 3, 72, 1, 8]:
    if n in seen:
        seen.discard(n)
    else:
        seen.add(n)
    print(sorted(seen) == sorted(set(seen)), seen)

s = {1, 9, 17, 25, 33}
s.discard(9)
s.discard(17)
s.add(41)
s.add(-7)
print(s)

ids = set(range(0, 60, 3))
ids -= {x for x in range(0, 60, 2)}
print(ids, [ids.pop() for _ in range(4)], ids)

big = set(range(100))
big.difference_update(range(10, 100))
print(big)
big ^= {5, 200, 300, 7, 1000}
print(big)
big |= set(range(95, 105))
print(big)

pairs = {(i % 4, i // 4) for i in range(12)}
print(pairs)
print({i / 4 for i in range(-6, 7)})
big_ints = [-1, -2, 2**61, 2**61 - 1, 2**64, -(2**70)]
print({-1, -2, 2**61, 2**61 - 1, 2**64}, set(big_ints), {-(2**40), -1, 17}, {-1, -2, 1, 0, 8, -512})
print(set([8, 16, 24]) & {24, 8, 100}, {24, 8, 100} & set([8, 16, 24]))
print(frozenset({50, 2, 26}) | {18, 10})
