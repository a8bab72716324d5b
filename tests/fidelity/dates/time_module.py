# The time module on fixed timestamps (UTC): broken-down times, formatting, parsing and
# arithmetic; the clock itself only by type and sign, so the output is deterministic.
import time

stamps = [0, 86400 * 365, 951782400, 1234567890, 1700000000, 1709210096.75]
for ts in stamps:
    t = time.gmtime(ts)
    print(ts, "->", time.strftime("%Y-%m-%d %H:%M:%S (%a, day %j, week %W)", t))
    print("  ", t.tm_year, t.tm_mon, t.tm_mday, t.tm_wday, t.tm_yday, tuple(t)[:6])

t = time.gmtime(1234567890)
print(t)
print(time.asctime(t))
print(time.strftime("%d/%m/%y %I:%M %p", t))
print(time.strftime("%B %d, %Y", t))

parsed = time.strptime("2024-02-29 13:45:00", "%Y-%m-%d %H:%M:%S")
print(parsed.tm_year, parsed.tm_mon, parsed.tm_mday, parsed.tm_hour, parsed.tm_min, parsed.tm_wday, parsed.tm_yday)
print(time.strftime("%A %d %B %Y", parsed))

# Seconds between two UTC times, via calendar.timegm (mktime would use the local zone).
import calendar
a = calendar.timegm(time.strptime("2024-01-01", "%Y-%m-%d"))
b = calendar.timegm(time.strptime("2024-03-01", "%Y-%m-%d"))
print("days between:", (b - a) // 86400)

start = time.time()
t0 = time.perf_counter()
total = sum(i * i for i in range(10000))
elapsed = time.perf_counter() - t0
print(total, isinstance(start, float), start > 1.7e9, elapsed >= 0, isinstance(time.time_ns(), int))
print(time.monotonic() <= time.monotonic())
