names = ["apple", "banana", "cherry", "date"]
prices = [1.2, 0.5, 3.75, 2.0]
stock = [10, 0, 25, 4]
inventory = [dict(name=n, price=p, stock=s) for n, p, s in zip(names, prices, stock)]
in_stock = [item["name"] for item in inventory if item["stock"] > 0]
print(in_stock)
value = sum(item["price"] * item["stock"] for item in inventory)
print(f"inventory value: {value:.2f}")
cols = list(zip(*[(i["name"], i["stock"]) for i in inventory]))
print(cols)
print(dict(zip(names, prices)))
