from datetime import timedelta
durations = [timedelta(seconds=45), timedelta(minutes=90), timedelta(hours=26, minutes=3), timedelta(days=2, seconds=5), timedelta(milliseconds=1500)]
for d in durations:
    print(d, d.total_seconds(), d.days, d.seconds)
total = sum(durations, timedelta())
print("total:", total)
print(timedelta(hours=1) * 3, timedelta(hours=3) / 2, timedelta(days=1) // timedelta(hours=5))
print(-timedelta(hours=1))
