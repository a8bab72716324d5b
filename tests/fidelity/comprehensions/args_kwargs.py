def report(title, *values, sep=", ", **opts):
    line = f"{title}: " + sep.join(str(v) for v in values)
    if opts.get("upper"):
        line = line.upper()
    return line

print(report("nums", 1, 2, 3))
print(report("nums", *[4, 5], sep=" | "))
print(report("x", upper=True))
def kwonly(a, *, b=2, c):
    return a + b + c
print(kwonly(1, c=3), kwonly(1, b=10, c=3))
def defaults(a, b=[]):
    b.append(a)
    return b
print(defaults(1), defaults(2))
def pos_only(a, b, /, c):
    return a, b, c
print(pos_only(1, 2, c=3))
