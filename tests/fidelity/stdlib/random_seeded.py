import random
rng = random.Random(42)
vals = [rng.randint(1, 100) for _ in range(5)]
print(len(vals), all(1 <= v <= 100 for v in vals))
items = list(range(10))
random.shuffle(items)
print(sorted(items) == list(range(10)))
print(random.choice(["a"]), len(random.sample(range(100), 5)))
x = random.random()
print(0 <= x < 1, 1 <= random.uniform(1, 2) <= 2)
