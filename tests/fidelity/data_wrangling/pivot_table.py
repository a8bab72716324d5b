rows = [
    ("2024-01", "widgets", 10), ("2024-01", "gadgets", 4),
    ("2024-02", "widgets", 7), ("2024-02", "gizmos", 12),
    ("2024-03", "gadgets", 9), ("2024-03", "widgets", 3),
]
months = sorted({r[0] for r in rows})
products = sorted({r[1] for r in rows})
table = {p: {m: 0 for m in months} for p in products}
for month, product, qty in rows:
    table[product][month] += qty
print(f"{'product':<10}" + "".join(f"{m:>9}" for m in months) + f"{'total':>7}")
for p in products:
    cells = table[p]
    print(f"{p:<10}" + "".join(f"{cells[m]:>9}" for m in months) + f"{sum(cells.values()):>7}")
