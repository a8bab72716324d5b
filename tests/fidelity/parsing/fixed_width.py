report = """ID   NAME        QTY   PRICE
001  Hammer       12   9.99
002  Screwdriver   4   4.50
003  Wrench        7  12.25
"""
lines = report.splitlines()
header = lines[0]
cols = [(0, 5), (5, 17), (17, 22), (22, None)]
rows = []
for line in lines[1:]:
    fields = [line[a:b].strip() for a, b in cols]
    rows.append({"id": fields[0], "name": fields[1], "qty": int(fields[2]), "price": float(fields[3])})
for r in rows:
    print(r)
print(sum(r["qty"] * r["price"] for r in rows))
