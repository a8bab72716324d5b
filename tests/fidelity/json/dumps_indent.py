import json
report = {"total": 3, "items": [{"id": 1, "ok": True}, {"id": 2, "ok": False}], "empty": [], "meta": {}}
print(json.dumps(report, indent=2))
print(json.dumps(report, indent=4, sort_keys=True))
