from pprint import pprint, pformat
data = {"users": [{"id": i, "name": f"user{i}", "tags": ["a", "b", "c"]} for i in range(3)], "count": 3}
pprint(data)
print(pformat([1, 2, 3]))
pprint(list(range(30)), width=40)
