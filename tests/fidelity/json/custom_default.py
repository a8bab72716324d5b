import json
class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
def encode(o):
    if isinstance(o, Point):
        return {"x": o.x, "y": o.y}
    if isinstance(o, set):
        return sorted(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")
print(json.dumps({"p": Point(1, 2), "s": {3, 1, 2}}, default=encode))
try:
    json.dumps({"bad": object()})
except TypeError as e:
    print("TypeError:", e)
