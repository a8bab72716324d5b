log = """2024-05-01 12:00:01 INFO  server started port=8080
2024-05-01 12:00:05 WARN  slow request path=/api/users ms=1250
2024-05-01 12:01:10 ERROR db timeout path=/api/orders ms=5000
2024-05-01 12:02:00 INFO  request path=/api/users ms=35
2024-05-01 12:03:30 ERROR handler crashed path=/api/pay ms=12"""
levels = {}
errors = []
for line in log.splitlines():
    date, time, level, rest = line.split(maxsplit=3)
    levels[level] = levels.get(level, 0) + 1
    fields = dict(tok.split("=", 1) for tok in rest.split() if "=" in tok)
    if level == "ERROR":
        errors.append((time, fields.get("path"), int(fields.get("ms", 0))))
print(levels)
for e in errors:
    print(e)
print(max(errors, key=lambda e: e[2])[1])
