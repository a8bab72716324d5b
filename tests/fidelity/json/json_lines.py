import json
jsonl = """{"event": "click", "user": 1, "ms": 120}
{"event": "view", "user": 2, "ms": 30}
{"event": "click", "user": 1, "ms": 95}
{"event": "purchase", "user": 3, "ms": 400}"""
events = [json.loads(line) for line in jsonl.splitlines()]
clicks = [e for e in events if e["event"] == "click"]
print(len(events), len(clicks), sum(e["ms"] for e in clicks) / len(clicks))
by_user = {}
for e in events:
    by_user.setdefault(e["user"], []).append(e["event"])
print(json.dumps(by_user))
print(json.dumps(by_user, sort_keys=True))
