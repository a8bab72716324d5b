from datetime import date, timedelta
def business_days(start, end):
    d, n = start, 0
    while d <= end:
        if d.weekday() < 5:
            n += 1
        d += timedelta(days=1)
    return n
print(business_days(date(2024, 5, 1), date(2024, 5, 31)))
def add_business_days(d, n):
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d
print(add_business_days(date(2024, 5, 30), 3))
print([d.strftime("%a") for d in (date(2024, 6, 1) + timedelta(days=i) for i in range(7))])
