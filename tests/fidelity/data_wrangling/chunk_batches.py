items = list(range(1, 24))
batch_size = 5
batches = [items[i:i + batch_size] for i in range(0, len(items), batch_size)]
for n, b in enumerate(batches):
    print(f"batch {n}: {b} sum={sum(b)}")
print(len(batches), [len(b) for b in batches])
evens, odds = [x for x in items if x % 2 == 0], [x for x in items if x % 2]
print(evens[::3], odds[-3:], items[::-4])
