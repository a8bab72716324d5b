raw = """date,product,qty,unit_price
2024-03-01,pen,10,1.50
2024-03-01,notebook,2,4.25
2024-03-02,pen,5,1.50
2024-03-02,stapler,1,12.00
2024-03-03,notebook,6,4.25
"""
lines = raw.strip().splitlines()
header = lines[0].split(",")
rows = [dict(zip(header, line.split(","))) for line in lines[1:]]
revenue = {}
for r in rows:
    revenue[r["product"]] = revenue.get(r["product"], 0.0) + int(r["qty"]) * float(r["unit_price"])
for product, amount in sorted(revenue.items()):
    print(f"{product:>10}: {amount:8.2f}")
by_day = {}
for r in rows:
    by_day[r["date"]] = by_day.get(r["date"], 0) + int(r["qty"])
print(by_day)
print(max(by_day, key=by_day.get))
