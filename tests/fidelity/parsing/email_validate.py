candidates = ["john.doe@example.com", "bad@", "@nope.com", "a@b.c", "x y@z.com", "ok+tag@sub.domain.org", "two@@at.com"]

def valid(addr):
    if addr.count("@") != 1 or " " in addr:
        return False
    local, domain = addr.split("@")
    if not local or "." not in domain:
        return False
    return all(part for part in domain.split("."))

for c in candidates:
    print(f"{c:<24} {'valid' if valid(c) else 'invalid'}")
print(sum(map(valid, candidates)))
