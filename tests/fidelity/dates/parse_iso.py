from datetime import datetime
stamps = ["2024-03-15T08:30:00", "2024-03-15T17:45:10", "2024-03-16T09:00:00"]
parsed = [datetime.fromisoformat(s) for s in stamps]
for p in parsed:
    print(p, p.hour, p.minute)
delta = parsed[1] - parsed[0]
print(delta, delta.total_seconds())
print(parsed[2] > parsed[1], max(parsed).isoformat())
