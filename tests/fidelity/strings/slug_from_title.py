titles = ["Hello, World!", "  Python 3.12: What's New?  ", "Ünïcödé & Spaces", "already-a-slug"]
def slugify(t):
    out = []
    for ch in t.lower().strip():
        if ch.isalnum() and ch.isascii():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")
for t in titles:
    print(f"{t!r:<32} -> {slugify(t)}")
