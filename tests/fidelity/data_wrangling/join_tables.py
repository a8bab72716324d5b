users = [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Ben"}, {"id": 3, "name": "Cid"}]
orders = [
    {"order": 100, "user_id": 2, "total": 19.5},
    {"order": 101, "user_id": 1, "total": 5.0},
    {"order": 102, "user_id": 2, "total": 7.25},
    {"order": 103, "user_id": 4, "total": 99.0},
]
by_id = {u["id"]: u for u in users}
for o in orders:
    user = by_id.get(o["user_id"])
    name = user["name"] if user else "<unknown>"
    print(f"#{o['order']} {name:<10} {o['total']:6.2f}")
spent = {u["name"]: sum(o["total"] for o in orders if o["user_id"] == u["id"]) for u in users}
print(spent)
print([u["name"] for u in users if spent[u["name"]] == 0])
