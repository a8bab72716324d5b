from datetime import date, timedelta
start = date(2024, 1, 28)
for days in [1, 3, 30, 365]:
    print(start + timedelta(days=days))
print(date(2024, 3, 1) - date(2024, 2, 1))
print((date(2024, 12, 25) - date(2024, 1, 1)).days)
print(start.isoformat(), start.weekday(), start.isoweekday())
print(start.replace(day=1), start.year, start.month, start.day)
