import json
obj = {"int": 1, "float": 1.5, "big": 12345678901234567890, "neg": -0.25, "str": "ünïcode ✓", "list": [[], [1], {"x": None}], "bool": [True, False]}
s = json.dumps(obj)
print(s)
back = json.loads(s)
print(back == obj, back["str"], back["big"])
print(json.dumps(obj, ensure_ascii=False))
