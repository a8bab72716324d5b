from datetime import date
def age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
today = date(2024, 6, 15)
for b in [date(1990, 6, 15), date(1990, 6, 16), date(2000, 2, 29), date(2010, 12, 31)]:
    print(b, age(b, today))
