import json
data = {"name": "Widget", "price": 9.99, "tags": ["a", "b"], "stock": None, "active": True, "dims": {"w": 2, "h": 3.5}}
print(json.dumps(data))
print(json.dumps([1, 2.0, "x", False, None]))
print(json.dumps("quote\" and \\ backslash\n"))
print(json.dumps({"b": 1, "a": 2}, sort_keys=True))
