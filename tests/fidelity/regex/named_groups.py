import re
log = "2024-05-01 12:00:05 WARN [api] slow request took 1250ms"
pattern = re.compile(r"(?P<date>\S+) (?P<time>\S+) (?P<level>[A-Z]+) \[(?P<svc>\w+)\] (?P<msg>.*)")
m = pattern.match(log)
print(m.group("level"), m.group("svc"), m["msg"])
print(m.groupdict())
ms = re.search(r"(\d+)ms", m["msg"])
print(int(ms.group(1)) / 1000)
