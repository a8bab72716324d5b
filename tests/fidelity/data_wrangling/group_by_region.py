orders = [
    {"id": 1, "region": "north", "amount": 120.5},
    {"id": 2, "region": "south", "amount": 80.0},
    {"id": 3, "region": "north", "amount": 42.25},
    {"id": 4, "region": "east", "amount": 310.0},
    {"id": 5, "region": "south", "amount": 19.99},
]
totals = {}
for o in orders:
    totals[o["region"]] = totals.get(o["region"], 0) + o["amount"]
for region, total in sorted(totals.items(), key=lambda kv: kv[1], reverse=True):
    print(f"{region:<8}{total:>10.2f}")
print("grand total:", round(sum(totals.values()), 2))
