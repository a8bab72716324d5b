data = ["10", "x", "25", "7", "", "42"]
values = [n for s in data if s.isdigit() and (n := int(s)) > 8]
print(values)
readings = [3, 8, 12, 5, 20]
if (total := sum(readings)) > 40:
    print(f"total {total} over limit")
chunks = []
it = iter(range(10))
while (chunk := [x for _, x in zip(range(3), it)]):
    chunks.append(chunk)
print(chunks)
