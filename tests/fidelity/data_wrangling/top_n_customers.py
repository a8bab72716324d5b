sales = [
    ("alice", 250), ("bob", 120), ("carol", 410), ("alice", 90),
    ("dave", 75), ("carol", 30), ("bob", 300), ("erin", 410),
]
per_customer = {}
for name, amount in sales:
    per_customer.setdefault(name, []).append(amount)
summary = {name: sum(v) for name, v in per_customer.items()}
top = sorted(summary.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
for rank, (name, total) in enumerate(top, start=1):
    print(f"{rank}. {name.title()}: ${total:,}")
print("customers:", len(summary), "orders:", len(sales))
