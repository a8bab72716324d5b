import json
payload = '{"orders": [{"id": 1, "lines": [{"sku": "A", "qty": 2, "price": 3.5}, {"sku": "B", "qty": 1, "price": 10}]}, {"id": 2, "lines": []}], "currency": "EUR"}'
data = json.loads(payload)
for order in data["orders"]:
    total = sum(l["qty"] * l["price"] for l in order["lines"])
    print(order["id"], len(order["lines"]), total, data["currency"])
print(type(data["orders"][0]["lines"][1]["price"]).__name__)
print(list(data.keys()))
