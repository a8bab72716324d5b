print(all([]), any([]), all([1, 2]), any([0, ""]), any([0, "x"]))
print(len("héllo"), len([1, [2, 3]]), len({"a": 1}), len(range(0, 10, 3)), len(b"ab"))
print(callable(len), callable("x"), hasattr("s", "upper"), getattr([], "append") is not None)
print(id(1) == id(1), hash(1) == hash(1.0), hash("a") == hash("a"))
