class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point(x={self.x}, y={self.y})"
    def __str__(self):
        return f"({self.x}, {self.y})"

p = Point(1, 2)
print(p)
print([p, Point(3, 4)])
print(f"{p} {p!r}")
print(str(p), repr(p), "%s %r" % (p, p))
print({"p": p})

class Plain:
    pass

print(type(Plain()).__name__, Plain.__name__, hasattr(Plain(), "__dict__"))
