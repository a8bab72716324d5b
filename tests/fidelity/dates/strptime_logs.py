from datetime import datetime
lines = ["03/15/2024 14:22", "03/16/2024 09:05", "03/14/2024 23:59"]
parsed = sorted(datetime.strptime(l, "%m/%d/%Y %H:%M") for l in lines)
for p in parsed:
    print(p.strftime("%Y-%m-%d %H:%M"))
gaps = [(b - a).total_seconds() / 3600 for a, b in zip(parsed, parsed[1:])]
print([round(g, 2) for g in gaps])
