def read_batches(items, size):
    batch = []
    for it in items:
        batch.append(it)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch

for b in read_batches(range(7), 3):
    print(b)

def squares():
    n = 0
    while True:
        yield n * n
        n += 1

g = squares()
print([next(g) for _ in range(5)])

def delegator():
    yield from range(3)
    yield from "ab"
    return "done"

print(list(delegator()))
def echo():
    received = yield "ready"
    while True:
        received = yield f"got {received}"
e = echo()
print(next(e), e.send(1), e.send("x"))
