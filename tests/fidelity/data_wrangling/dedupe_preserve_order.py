emails = ["A@x.com", "b@y.org", "a@x.com", "c@z.net", "B@Y.org", "d@x.com", "c@z.net"]
seen = set()
unique = []
for e in emails:
    k = e.lower()
    if k not in seen:
        seen.add(k)
        unique.append(k)
print(unique)
print(list(dict.fromkeys(e.lower() for e in emails)))
domains = {}
for e in unique:
    domains.setdefault(e.split("@")[1], []).append(e.split("@")[0])
print(domains)
