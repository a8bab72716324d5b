d = {"a": 1, "b": 2}
d.update(c=3)
d.update({"d": 4})
print(d, d.get("z"), d.get("z", 0), d.setdefault("e", 5), d)
print(d.pop("a"), d.pop("zz", "none"), d.popitem(), d)
print(list(d.keys()), list(d.values()), list(d.items()))
print("b" in d, len(d), dict.fromkeys(["x", "y"], 0))
d2 = d.copy()
d2["b"] = 99
print(d, d2, d | {"f": 6})
d |= {"g": 7}
print(d)
for k in list(d):
    if d[k] % 2:
        del d[k]
print(d)
