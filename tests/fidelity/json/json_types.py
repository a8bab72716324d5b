import json
print(json.loads("1"), json.loads("1.0"), json.loads("1e3"), json.loads('"s"'), json.loads("null"), json.loads("true"))
print(json.loads('{"a": [1, {"b": null}]}'))
print(json.dumps((1, 2)), json.dumps({1: "int key", 2.5: "float key", True: "bool key"}))
print(json.dumps(float("1e20")), json.dumps(0.1), json.dumps(1 / 3), json.dumps(100.0))
print(json.loads('"\\u00e9\\n"'), json.dumps("é"))
