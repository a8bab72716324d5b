errors = []
data = ["1", "two", "3", None, "4.5"]
parsed = []
for d in data:
    try:
        parsed.append(int(d))
    except (ValueError, TypeError) as e:
        errors.append(f"{d!r}: {type(e).__name__}: {e}")
print(parsed)
for e in errors:
    print(e)
