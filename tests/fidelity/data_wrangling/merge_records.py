defaults = {"currency": "USD", "status": "pending", "priority": 3}
records = [
    {"id": "a1", "status": "shipped"},
    {"id": "b2", "priority": 1, "currency": "EUR"},
    {"id": "c3"},
]
merged = [{**defaults, **r} for r in records]
for m in merged:
    print(m)
updated = {**merged[0], "status": "delivered", "notes": None}
print(updated)
print(list(updated.keys()))
