from datetime import datetime
dt = datetime(2024, 7, 4, 15, 9, 26)
print(dt.strftime("%Y-%m-%d %H:%M:%S"))
print(dt.strftime("%d/%m/%Y"))
print(dt.strftime("%A, %B %d, %Y"))
print(dt.strftime("%a %b %d %I:%M %p"))
print(dt.strftime("%j %U %w"))
print(f"{dt:%Y%m%d}")
print(dt.date(), dt.time())
