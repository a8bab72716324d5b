items = [("Coffee beans", 2, 14.99), ("Milk", 3, 1.25), ("Espresso machine", 1, 1299.0), ("Filters", 10, 0.35)]
print(f"{'Item':<18}{'Qty':>4}{'Price':>10}{'Total':>12}")
print("-" * 44)
grand = 0
for name, qty, price in items:
    total = qty * price
    grand += total
    print(f"{name:<18}{qty:>4}{price:>10.2f}{total:>12,.2f}")
print("-" * 44)
print(f"{'Grand total':<32}{grand:>12,.2f}")
