x = 5
def f():
    return x * 2
print(f(), "x" in globals(), "f" in dir())
class C:
    attr = 1
    def method(self):
        pass
print([n for n in dir(C) if not n.startswith("_")])
print(sorted(k for k in vars(C) if not k.startswith("_")))
