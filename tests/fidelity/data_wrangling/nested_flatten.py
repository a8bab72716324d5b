data = {
    "user": {"id": 7, "name": "Ana", "address": {"city": "Lisbon", "zip": "1000-001"}},
    "tags": ["admin", "beta"],
    "active": True,
}

def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(flatten(v, key))
        else:
            out[key] = v
    return out

flat = flatten(data)
for k, v in flat.items():
    print(f"{k} = {v!r}")
print(len(flat))
