from datetime import date
import calendar
for month in [1, 2, 4, 12]:
    first = date(2024, month, 1)
    last_day = calendar.monthrange(2024, month)[1]
    print(first, date(2024, month, last_day), last_day)
print(calendar.isleap(2024), calendar.isleap(1900), calendar.isleap(2000))
print(calendar.month_name[3], calendar.day_name[0])
