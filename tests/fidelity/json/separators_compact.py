import json
data = {"a": [1, 2, 3], "b": {"c": "d"}}
print(json.dumps(data, separators=(",", ":")))
print(json.dumps(data, separators=(", ", ": ")))
print(len(json.dumps(data)), len(json.dumps(data, separators=(",", ":"))))
