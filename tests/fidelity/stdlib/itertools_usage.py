import itertools as it
print(list(it.chain([1, 2], (3,), "ab")))
print(list(it.combinations("abcd", 2)))
print(list(it.permutations([1, 2, 3], 2)))
print(list(it.product("xy", [0, 1])))
print(list(it.islice(it.count(10, 5), 4)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)))
data = sorted(["apple", "avocado", "banana", "blueberry", "cherry"], key=lambda s: s[0])
for k, g in it.groupby(data, key=lambda s: s[0]):
    print(k, list(g))
print(list(it.zip_longest([1, 2, 3], "ab", fillvalue="-")))
print(list(it.takewhile(lambda x: x < 4, [1, 3, 5, 2])), list(it.dropwhile(lambda x: x < 4, [1, 3, 5, 2])))
print(list(it.repeat("z", 3)), list(it.starmap(pow, [(2, 3), (3, 2)])))
print(list(it.pairwise([1, 2, 4, 7])), list(it.compress("abcd", [1, 0, 1, 0])))
