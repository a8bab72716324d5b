items = ["a", "b", "c"]
d = {"k": 5, "nested": {"x": 1}}
x = 10
print(f"{len(items)} items: {', '.join(items)}")
print(f"{d['k'] * 2} {d['nested']['x']}")
print(f"{x if x > 5 else 0} {'big' if x > 5 else 'small'}")
print(f"{[i * i for i in range(4)]}")
print(f"{x!r} {'str'!r} {items!s}")
print(f"{x=}, {x * 2 = }")
print(f"{{literal braces}} {x}")
width, prec = 12, 3
print(f"|{3.14159265:{width}.{prec}f}|")
print(f"{'nested':{'>'}{10}}")
name = "World"
print(f"Hello, {name.upper():^11}!")
