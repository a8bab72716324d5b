"""functools for the guest: reduce, partial, lru_cache/cache, wraps, cmp_to_key, total_ordering,
cached_property, singledispatch (basic).

MicroPython functions take no attributes, so wraps() returns a small callable object carrying
__name__, __doc__, __wrapped__, ... that binds as a method like a function does.
"""

WRAPPER_ASSIGNMENTS = ("__module__", "__name__", "__qualname__", "__doc__")
WRAPPER_UPDATES = ("__dict__",)
_MISSING = object()


def reduce(function, iterable, *initial):
    it = iter(iterable)
    if initial:
        if len(initial) > 1:
            raise TypeError("reduce expected at most 3 arguments, got %d" % (len(initial) + 2))
        value = initial[0]
    else:
        value = next(it, _MISSING)
        if value is _MISSING:
            raise TypeError("reduce() of empty iterable with no initial value")
    for x in it:
        value = function(value, x)
    return value


class partial:
    def __init__(self, func, *args, **keywords):
        if not callable(func):
            raise TypeError("the first argument must be callable")
        if isinstance(func, partial):
            args = func.args + args
            keywords = dict(func.keywords, **keywords)
            func = func.func
        self.func = func
        self.args = args
        self.keywords = keywords

    def __call__(self, *args, **keywords):
        kw = dict(self.keywords)
        kw.update(keywords)
        return self.func(*self.args, *args, **kw)

    def __repr__(self):
        parts = [repr(self.func)] + [repr(a) for a in self.args]
        parts += ["%s=%r" % kv for kv in self.keywords.items()]
        return "functools.partial(%s)" % ", ".join(parts)

    __str__ = __repr__


class partialmethod:
    def __init__(self, func, *args, **keywords):
        self.func = func
        self.args = args
        self.keywords = keywords

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self.func, obj, *self.args, **self.keywords)


class _Wrapped:
    __doc__ = None
    __module__ = None
    def __init__(self, wrapper, wrapped, assigned, updated):
        self._hlc_fn = wrapper
        for attr in assigned:
            v = getattr(wrapped, attr, _MISSING)
            if v is not _MISSING:
                setattr(self, attr, v)
        if not hasattr(self, "__name__"):
            self.__name__ = getattr(wrapper, "__name__", "wrapper")
        if not hasattr(self, "__qualname__"):
            self.__qualname__ = self.__name__
        for attr in updated:
            src = getattr(wrapped, attr, None)
            if isinstance(src, dict):
                for k, v in src.items():
                    if k != "_hlc_fn" and k not in WRAPPER_ASSIGNMENTS:
                        setattr(self, k, v)
        self.__wrapped__ = wrapped

    def __call__(self, *args, **kwargs):
        return self._hlc_fn(*args, **kwargs)

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self._hlc_fn, obj)

    def __repr__(self):
        return "<function %s>" % self.__qualname__


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    if isinstance(wrapper, (_Wrapped, _LruWrapper)):
        for attr in assigned:
            v = getattr(wrapped, attr, _MISSING)
            if v is not _MISSING:
                setattr(wrapper, attr, v)
        wrapper.__wrapped__ = wrapped
        return wrapper
    try:
        for attr in assigned:
            v = getattr(wrapped, attr, _MISSING)
            if v is not _MISSING:
                setattr(wrapper, attr, v)
        wrapper.__wrapped__ = wrapped
        return wrapper
    except AttributeError:
        return _Wrapped(wrapper, wrapped, assigned, updated)


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    def deco(wrapper):
        return update_wrapper(wrapper, wrapped, assigned, updated)
    return deco


class _CacheInfo(tuple):
    hits = property(lambda s: s[0])
    misses = property(lambda s: s[1])
    maxsize = property(lambda s: s[2])
    currsize = property(lambda s: s[3])

    def __repr__(self):
        return "CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)" % tuple(self)

    __str__ = __repr__


def _make_key(args, kwds, typed):
    key = args
    if kwds:
        key += (_MISSING,)
        for item in kwds.items():
            key += item
    if typed:
        key += tuple(type(v) for v in args)
        if kwds:
            key += tuple(type(v) for v in kwds.values())
    elif len(key) == 1 and type(key[0]) in (int, str):
        return key[0]
    return key


class _LruWrapper:
    __doc__ = None
    def __init__(self, func, maxsize, typed):
        self._hlc_fn = func
        self._maxsize = maxsize
        self._typed = typed
        self._cache = {}
        self._hits = 0
        self._misses = 0
        for attr in WRAPPER_ASSIGNMENTS:
            v = getattr(func, attr, _MISSING)
            if v is not _MISSING:
                setattr(self, attr, v)
        self.__wrapped__ = func

    def __call__(self, *args, **kwargs):
        key = _make_key(args, kwargs, self._typed)
        cache = self._cache
        result = cache.get(key, _MISSING)
        if result is not _MISSING:
            self._hits += 1
            if self._maxsize is not None:
                del cache[key]
                cache[key] = result
            return result
        self._misses += 1
        result = self._hlc_fn(*args, **kwargs)
        if self._maxsize is None or self._maxsize > 0:
            cache[key] = result
            if self._maxsize is not None and len(cache) > self._maxsize:
                del cache[next(iter(cache))]
        return result

    def cache_info(self):
        return _CacheInfo((self._hits, self._misses, self._maxsize, len(self._cache)))

    def cache_clear(self):
        self._cache.clear()
        self._hits = 0
        self._misses = 0

    def cache_parameters(self):
        return {"maxsize": self._maxsize, "typed": self._typed}

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return partial(self, obj)

    def __repr__(self):
        return "<functools._lru_cache_wrapper object at 0x%x>" % id(self)


def lru_cache(maxsize=128, typed=False):
    if callable(maxsize) and not isinstance(maxsize, bool):
        return _LruWrapper(maxsize, 128, False)
    if maxsize is not None:
        if not isinstance(maxsize, int):
            raise TypeError("Expected first argument to be an integer, a callable, or None")
        if maxsize < 0:
            maxsize = 0

    def deco(func):
        return _LruWrapper(func, maxsize, typed)
    return deco


def cache(func):
    return _LruWrapper(func, None, False)


def cmp_to_key(mycmp):
    class K:
        __slots__ = ("obj",)

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


def total_ordering(cls):
    d = cls.__dict__
    roots = [op for op in ("__lt__", "__le__", "__gt__", "__ge__") if op in d]
    if not roots:
        raise ValueError("must define at least one ordering operation: < > <= >=")
    root = roots[0]

    def _not(r):
        return r if r is NotImplemented else not r

    if root == "__lt__":
        defs = {
            "__gt__": lambda self, other: _and_ne(_not(self.__lt__(other)), self, other),
            "__le__": lambda self, other: _or_eq(self.__lt__(other), self, other),
            "__ge__": lambda self, other: _not(self.__lt__(other)),
        }
    elif root == "__le__":
        defs = {
            "__ge__": lambda self, other: _or_eq(_not(self.__le__(other)), self, other),
            "__lt__": lambda self, other: _and_ne(self.__le__(other), self, other),
            "__gt__": lambda self, other: _not(self.__le__(other)),
        }
    elif root == "__gt__":
        defs = {
            "__lt__": lambda self, other: _and_ne(_not(self.__gt__(other)), self, other),
            "__ge__": lambda self, other: _or_eq(self.__gt__(other), self, other),
            "__le__": lambda self, other: _not(self.__gt__(other)),
        }
    else:
        defs = {
            "__le__": lambda self, other: _or_eq(_not(self.__ge__(other)), self, other),
            "__gt__": lambda self, other: _and_ne(self.__ge__(other), self, other),
            "__lt__": lambda self, other: _not(self.__ge__(other)),
        }
    for name, fn in defs.items():
        if name not in d:
            setattr(cls, name, fn)
    return cls


def _or_eq(r, a, b):
    if r is NotImplemented:
        return r
    return r or a == b


def _and_ne(r, a, b):
    if r is NotImplemented:
        return r
    return r and a != b


class cached_property:
    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = getattr(func, "__doc__", None)

    def __set_name__(self, owner, name):
        self.attrname = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        name = self.attrname or self.func.__name__
        val = self.func(instance)
        setattr(instance, name, val)
        return val


def singledispatch(func):
    registry = {object: func}

    def dispatch(cls):
        for c in _mro(cls):
            if c in registry:
                return registry[c]
        return func

    def register(cls, f=None):
        if f is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            f = cls
            ann = getattr(f, "__annotations__", {})
            cls = next(iter(ann.values()))
        registry[cls] = f
        return f

    class _Dispatcher:
        def __call__(self, *args, **kw):
            if not args:
                raise TypeError("singledispatch function requires at least 1 positional argument")
            return dispatch(type(args[0]))(*args, **kw)

    w = _Dispatcher()
    w.register = register
    w.dispatch = dispatch
    w.registry = registry
    w.__name__ = getattr(func, "__name__", "singledispatch")
    w.__wrapped__ = func
    return w


def _mro(cls):
    out = []
    todo = [cls]
    while todo:
        c = todo.pop(0)
        if c not in out:
            out.append(c)
            todo.extend(getattr(c, "__bases__", ()))
    if bool in out and int not in out:
        out.append(int)
    out.append(object)
    return out
