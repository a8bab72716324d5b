prices = {"apple": 1.2, "banana": 0.5, "cherry": 3.0, "date": 2.25}
discounted = {k: round(v * 0.9, 2) for k, v in prices.items()}
print(discounted)
cheap = {k: v for k, v in prices.items() if v < 2}
print(cheap)
inverted = {v: k for k, v in prices.items()}
print(inverted)
lengths = {name: len(name) for name in prices}
print(lengths)
print({i: i ** 2 for i in range(6) if i % 2 == 0})
