class Multiplier:
    def __init__(self, k):
        self.k = k
    def __call__(self, x):
        return x * self.k

double = Multiplier(2)
print(double(21), list(map(Multiplier(3), [1, 2, 3])), callable(double), callable(5))

class Config:
    def __init__(self, **kw):
        self.__dict__.update(kw)
    def __getattr__(self, name):
        return f"<default {name}>"

c = Config(debug=True, level=3)
print(c.debug, c.level, c.missing)
