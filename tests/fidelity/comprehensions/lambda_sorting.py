people = [("Ann", 31, "NY"), ("bob", 25, "LA"), ("Cid", 31, "SF"), ("dee", 22, "NY")]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[0].lower()))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[0]))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=str.lower))
people.sort(key=lambda p: p[2], reverse=True)
print([p[0] for p in people])
print(sorted({"x": 3, "y": 1, "z": 2}.items(), key=lambda kv: kv[1]))
