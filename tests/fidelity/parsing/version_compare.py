versions = ["1.10.0", "1.2.9", "1.2.10", "2.0", "0.9.12", "1.2", "10.0.1"]

def vkey(v):
    return tuple(int(p) for p in v.split("."))

print(sorted(versions))
print(sorted(versions, key=vkey))
print(max(versions, key=vkey), min(versions, key=vkey))
print(vkey("1.2.10") > vkey("1.2.9"), (1, 2) < (1, 2, 0))
latest = {}
for v in versions:
    major = v.split(".")[0]
    if major not in latest or vkey(v) > vkey(latest[major]):
        latest[major] = v
print(latest)
