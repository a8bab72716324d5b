data = {"name": "Ölaf", "scores": [9.5, 7.0, 10], "tags": ("a", "b"), "meta": None, "ok": True}
print(data)
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("tab\there\n"))
print([1, "two", 3.0, None, True, (4,), [], {}])
print(str(("single",)), (), (1, 2))
print({1: "a", "b": 2.5, (1, 2): [3]})
print(repr(b"bytes\x00\xff"), bytes([65, 66]), bytearray(b"xy"))
print(set(), {3, 1, 2}, frozenset({1}))
print("café", repr("café"), repr("日本"), ascii("café"))
