it = iter([1, 2])
print(next(it), next(it))
try:
    next(it)
except StopIteration as e:
    print("exhausted", repr(e))
gen = (x for x in [])
print(next(gen, "default"))
try:
    import nonexistent_module_xyz
except ImportError as e:
    print(type(e).__name__, e)
