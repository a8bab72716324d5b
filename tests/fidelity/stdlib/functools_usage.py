from functools import reduce, partial, lru_cache, cmp_to_key, wraps
print(reduce(lambda a, b: a * b, range(1, 6)))
pow2 = partial(pow, 2)
print(pow2(10), partial(int, base=2)("1011"))
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(100))
def cmp(a, b):
    return (a > b) - (a < b)
print(sorted([3, 1, 2], key=cmp_to_key(lambda a, b: cmp(b, a))))
def logged(f):
    @wraps(f)
    def inner(*a, **kw):
        print(f"calling {f.__name__}{a}")
        return f(*a, **kw)
    return inner
@logged
def add(x, y):
    """adds"""
    return x + y
print(add(2, 3), add.__name__, add.__doc__)
