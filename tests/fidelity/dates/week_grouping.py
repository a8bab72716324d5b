from datetime import date, timedelta
sales = {date(2024, 4, 1) + timedelta(days=i): (i * 7) % 11 + 1 for i in range(21)}
weekly = {}
for d, v in sales.items():
    year, week, _ = d.isocalendar()
    weekly.setdefault(f"{year}-W{week:02d}", []).append(v)
for wk, vals in weekly.items():
    print(wk, len(vals), sum(vals))
