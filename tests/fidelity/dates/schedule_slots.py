from datetime import datetime, timedelta
start = datetime(2024, 9, 2, 9, 0)
end = datetime(2024, 9, 2, 12, 0)
booked = [(datetime(2024, 9, 2, 9, 30), datetime(2024, 9, 2, 10, 15)), (datetime(2024, 9, 2, 11, 0), datetime(2024, 9, 2, 11, 30))]
slot = timedelta(minutes=30)
t = start
free = []
while t + slot <= end:
    if all(not (t < b_end and t + slot > b_start) for b_start, b_end in booked):
        free.append(t.strftime("%H:%M"))
    t += slot
print(free)
