import re
for s in ["ID-0042", "id-7", "XX-12", ""]:
    m = re.match(r"ID-(\d+)", s, re.I)
    if m:
        print(f"{s!r}: id={int(m.group(1))}")
    else:
        print(f"{s!r}: no match")
m = re.search(r"(a)(b)?", "ac")
print(m.groups(), m.group(2), m.groups("-"))
