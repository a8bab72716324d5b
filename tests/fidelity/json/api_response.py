import json
response = '''{
  "status": "ok",
  "data": {
    "users": [
      {"id": 1, "name": "Ann", "email": "ann@x.io", "plan": "pro", "usage": 0.82},
      {"id": 2, "name": "Ben", "email": null, "plan": "free", "usage": 0.15},
      {"id": 3, "name": "Cat", "email": "cat@x.io", "plan": "pro", "usage": 0.97}
    ],
    "page": {"n": 1, "of": 4}
  }
}'''
body = json.loads(response)
users = body["data"]["users"]
pro = [u for u in users if u["plan"] == "pro"]
print(f"{len(pro)} pro users, {sum(u['email'] is None for u in users)} without email")
for u in sorted(users, key=lambda u: u["usage"], reverse=True):
    flag = " (near limit)" if u["usage"] > 0.9 else ""
    print(f"{u['name']}: {u['usage']:.0%}{flag}")
summary = {"pro": [u["id"] for u in pro], "next_page": body["data"]["page"]["n"] + 1}
print(json.dumps(summary, indent=2))
