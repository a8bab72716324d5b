data = [5, 2, 9, 1, 5, 6]
print(sorted(data), sorted(data, reverse=True), data)
data.sort()
print(data, list(reversed(data)))
print(sorted("hello"), sorted({"b": 1, "a": 2}), sorted([(1, "b"), (1, "a"), (0, "z")]))
words = ["kiwi", "fig", "banana", "apple"]
print(sorted(words, key=len), sorted(words, key=lambda w: (len(w), w)))
print(sorted([3.5, -1, 2], key=abs))
