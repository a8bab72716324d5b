products = [{"name": "tv", "price": 499}, {"name": "radio", "price": 49}, {"name": "laptop", "price": 999}]
print(min(products, key=lambda p: p["price"])["name"], max(products, key=lambda p: p["price"])["name"])
print(max("apple", "fig", "banana", key=len), min([3, -4, 2], key=abs))
print(max({"a": 3, "b": 7}, key={"a": 3, "b": 7}.get))
try:
    max([])
except ValueError as e:
    print("ValueError:", e)
print(max([1, 2], default=0), min([], default="empty"))
