print(eval("2 + 3 * 4"), eval("[x * 2 for x in range(3)]"))
ns = {}
exec("y = 10\nz = y * 2", ns)
print(ns["y"], ns["z"])
print(eval("a + b", {"a": 1, "b": 2}))
