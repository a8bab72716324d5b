"""collections for the guest: Counter, defaultdict, OrderedDict, namedtuple, deque, ChainMap.

Written for MicroPython (no __missing__, no metaclasses): dict subclasses override __getitem__,
and each class defines __str__ as well as __repr__ (a builtin base's printer wins otherwise).
"""


def _dict_repr(d):
    return "{" + ", ".join(repr(k) + ": " + repr(v) for k, v in d.items()) + "}"


class defaultdict(dict):
    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        super().__init__(*args, **kwargs)
        self.default_factory = default_factory

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return self.__missing__(key)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self.items())

    __copy__ = copy

    def __repr__(self):
        f = self.default_factory
        return "defaultdict(%s, %s)" % (_type_name(f), _dict_repr(self))

    __str__ = __repr__


def _type_name(f):
    if isinstance(f, type):
        return "<class '%s'>" % f.__name__
    return repr(f)


class OrderedDict(dict):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def move_to_end(self, key, last=True):
        value = self.pop(key)
        if last:
            self[key] = value
        else:
            items = list(self.items())
            self.clear()
            self[key] = value
            for k, v in items:
                self[k] = v

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        key = next(reversed(list(self.keys()))) if last else next(iter(self.keys()))
        return key, self.pop(key)

    def copy(self):
        return OrderedDict(self.items())

    def __eq__(self, other):
        if isinstance(other, OrderedDict):
            return list(self.items()) == list(other.items())
        return dict(self.items()) == other

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        if not self:
            return "OrderedDict()"
        return "OrderedDict(%r)" % (list(self.items()),)

    __str__ = __repr__


class Counter(dict):
    def __init__(self, iterable=None, **kwds):
        super().__init__()
        self.update(iterable, **kwds)

    def __getitem__(self, key):
        return self.get(key, 0)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        # stable, as CPython: ties keep insertion order
        items = list(self.items())
        order = sorted(range(len(items)), key=lambda i: (-items[i][1], i))
        items = [items[i] for i in order]
        return items if n is None else items[:n]

    def elements(self):
        for k, v in self.items():
            for _ in range(v):
                yield k

    @classmethod
    def fromkeys(cls, iterable, v=None):
        raise NotImplementedError("Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")

    def update(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for k, v in iterable.items():
                    self[k] = self.get(k, 0) + v
            else:
                for k in iterable:
                    self[k] = self.get(k, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for k, v in iterable.items():
                    self[k] = self.get(k, 0) - v
            else:
                for k in iterable:
                    self[k] = self.get(k, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return Counter(self)

    def __delitem__(self, key):
        if key in self:
            super().__delitem__(key)

    def __repr__(self):
        if not self:
            return "Counter()"
        return "Counter({%s})" % ", ".join("%r: %r" % kv for kv in self.most_common())

    __str__ = __repr__

    def __eq__(self, other):
        if not isinstance(other, Counter):
            # CPython returns NotImplemented and the reflected dict.__eq__ answers.
            return dict(self) == other if isinstance(other, dict) else NotImplemented
        return all(self[e] == other[e] for c in (self, other) for e in c)

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def _keep_positive(self):
        for k in [k for k, v in self.items() if not v > 0]:
            del self[k]
        return self

    def __add__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        r = Counter()
        for k, v in self.items():
            n = v + other[k]
            if n > 0:
                r[k] = n
        for k, v in other.items():
            if k not in self and v > 0:
                r[k] = v
        return r

    def __sub__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        r = Counter()
        for k, v in self.items():
            n = v - other[k]
            if n > 0:
                r[k] = n
        for k, v in other.items():
            if k not in self and v < 0:
                r[k] = 0 - v
        return r

    def __or__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        r = Counter()
        for k, v in self.items():
            n = max(v, other[k])
            if n > 0:
                r[k] = n
        for k, v in other.items():
            if k not in self and v > 0:
                r[k] = v
        return r

    def __and__(self, other):
        if not isinstance(other, Counter):
            return NotImplemented
        r = Counter()
        for k, v in self.items():
            n = min(v, other[k])
            if n > 0:
                r[k] = n
        return r

    def __pos__(self):
        r = Counter()
        for k, v in self.items():
            if v > 0:
                r[k] = v
        return r

    def __neg__(self):
        r = Counter()
        for k, v in self.items():
            if v < 0:
                r[k] = 0 - v
        return r

    def __iadd__(self, other):
        for k, v in other.items():
            self[k] = self[k] + v
        return self._keep_positive()

    def __isub__(self, other):
        for k, v in other.items():
            self[k] = self[k] - v
        return self._keep_positive()


class _TupleBase:
    """Base of namedtuple classes. Not a tuple subclass: MicroPython cannot override
    tuple.__new__ (it crashes); instances behave as tuples otherwise (iteration, indexing,
    comparison and equality with tuples, hashing)."""

    def __getitem__(self, i):
        return self._t[i]

    def __iter__(self):
        return iter(self._t)

    def __len__(self):
        return len(self._t)

    def __contains__(self, x):
        return x in self._t

    def __hash__(self):
        return hash(self._t)

    def __eq__(self, other):
        return self._t == _as_tuple(other)

    def __ne__(self, other):
        return self._t != _as_tuple(other)

    def __lt__(self, other):
        return self._t < _as_tuple(other)

    def __le__(self, other):
        return self._t <= _as_tuple(other)

    def __gt__(self, other):
        return self._t > _as_tuple(other)

    def __ge__(self, other):
        return self._t >= _as_tuple(other)

    def __add__(self, other):
        return self._t + _as_tuple(other)

    def __radd__(self, other):
        return _as_tuple(other) + self._t

    def __mul__(self, n):
        return self._t * n

    def count(self, x):
        return self._t.count(x)

    def index(self, x, *args):
        return self._t.index(x, *args)

    def __setattr__(self, name, value):
        raise AttributeError("can't set attribute")

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join("%s=%r" % nv for nv in zip(self._fields, self)) + ")"

    __str__ = __repr__

    @classmethod
    def _make(cls, iterable):
        values = _values(cls, iterable)
        self = object.__new__(cls)
        object.__setattr__(self, "_t", values)
        return self

    def _replace(self, **kwargs):
        values = [kwargs.pop(n, v) for n, v in zip(self._fields, self)]
        if kwargs:
            raise ValueError("Got unexpected field names: %r" % list(kwargs))
        return self._make(values)

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __getnewargs__(self):
        return tuple(self)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo=None):
        import copy
        return self._make(copy.deepcopy(tuple(self), memo))


def _values(cls, iterable):
    values = tuple(iterable)
    if len(values) != len(cls._fields):
        raise TypeError("Expected %d arguments, got %d" % (len(cls._fields), len(values)))
    return values


def _as_tuple(x):
    if isinstance(x, _TupleBase):
        return x._t
    return x


class _NamedTuple(tuple):
    """Base of namedtuple classes: a tuple subclass, as CPython's (isinstance(p, tuple),
    '%d %d' % p); instances are built by object.__new__(cls, values), which builds the tuple
    part from its argument. (typing.NamedTuple copies _TupleBase's methods instead; the ones
    below that only iterate self are _TupleBase's own.)"""

    __setattr__ = _TupleBase.__setattr__
    __repr__ = __str__ = _TupleBase.__repr__
    _replace = _TupleBase._replace
    _asdict = _TupleBase._asdict
    __getnewargs__ = _TupleBase.__getnewargs__
    __copy__ = _TupleBase.__copy__
    __deepcopy__ = _TupleBase.__deepcopy__

    @classmethod
    def _make(cls, iterable):
        return object.__new__(cls, _values(cls, iterable))


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = tuple(str(f) for f in field_names)
    if rename:
        seen = set()
        names = []
        for i, n in enumerate(field_names):
            if not n.isidentifier() or n.startswith("_") or n in seen:
                n = "_%d" % i
            seen.add(n)
            names.append(n)
        field_names = tuple(names)
    seen = set()
    for n in field_names:
        if not n.isidentifier():
            raise ValueError("Type names and field names must be valid identifiers: %r" % n)
        if n.startswith("_"):
            raise ValueError("Field names cannot start with an underscore: %r" % n)
        if n in seen:
            raise ValueError("Encountered duplicate field name: %r" % n)
        seen.add(n)
    nfields = len(field_names)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > nfields:
            raise TypeError("Got more default values than field names")
        field_defaults = dict(zip(field_names[nfields - len(defaults):], defaults))

    def __new__(cls, *args, **kwargs):
        if len(args) > nfields:
            takes = ("from %d to %d" % (nfields - len(field_defaults) + 1, nfields + 1)) if field_defaults else str(nfields + 1)
            raise TypeError("%s.__new__() takes %s positional arguments but %d were given" % (typename, takes, len(args) + 1))
        values = list(args)
        for name in field_names[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                missing = [n for n in field_names[len(values):] if n not in kwargs and n not in field_defaults]
                raise TypeError("%s.__new__() missing %d required positional argument%s: %s" % (
                    typename, len(missing), "s" if len(missing) > 1 else "",
                    " and ".join(", ".join("'%s'" % m for m in missing).rsplit(", ", 1))))
        if kwargs:
            k = next(iter(kwargs))
            if k in field_names:
                raise TypeError("%s.__new__() got multiple values for argument '%s'" % (typename, k))
            raise TypeError("%s.__new__() got an unexpected keyword argument '%s'" % (typename, k))
        return object.__new__(cls, tuple(values))

    ns = {
        "__new__": __new__,
        "_fields": field_names,
        "_field_defaults": field_defaults,
        "__match_args__": field_names,
    }
    for i, n in enumerate(field_names):
        ns[n] = property(_itemgetter(i))
    return type(typename, (_NamedTuple,), ns)


def _itemgetter(i):
    def get(self):
        return self[i]
    return get


class deque:
    """Two stacks: _f holds the left part reversed, _b the right part; amortised O(1) at both ends."""

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._f = []
        self._b = []
        self._maxlen = maxlen
        self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def __len__(self):
        return len(self._f) + len(self._b)

    def __bool__(self):
        return bool(self._f) or bool(self._b)

    def _items(self):
        return self._f[::-1] + self._b

    def _set(self, items):
        self._f = []
        self._b = list(items)

    def __iter__(self):
        return iter(self._items())

    def __reversed__(self):
        return iter(self._items()[::-1])

    def append(self, x):
        self._b.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.popleft()

    def appendleft(self, x):
        self._f.append(x)
        if self._maxlen is not None and len(self) > self._maxlen:
            self.pop()

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def pop(self):
        if not self._b:
            if not self._f:
                raise IndexError("pop from an empty deque")
            items = self._f[::-1]
            half = len(items) // 2
            self._f = items[:half][::-1]
            self._b = items[half:]
        return self._b.pop()

    def popleft(self):
        if not self._f:
            if not self._b:
                raise IndexError("pop from an empty deque")
            half = (len(self._b) + 1) // 2
            self._f = self._b[:half][::-1]
            self._b = self._b[half:]
        return self._f.pop()

    def clear(self):
        self._f = []
        self._b = []

    def copy(self):
        return deque(self._items(), self._maxlen)

    __copy__ = copy

    def count(self, x):
        return self._items().count(x)

    def index(self, x, start=0, stop=None):
        items = self._items()
        if stop is None:
            stop = len(items)
        for i in range(start, min(stop, len(items))):
            if items[i] == x:
                return i
        raise ValueError("%r is not in deque" % (x,))

    def insert(self, i, x):
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        items = self._items()
        items.insert(i, x)
        self._set(items)

    def remove(self, x):
        items = self._items()
        try:
            items.remove(x)
        except ValueError:
            raise ValueError("%r is not in deque" % (x,))
        self._set(items)

    def reverse(self):
        self._f, self._b = self._b, self._f

    def rotate(self, n=1):
        length = len(self)
        if length <= 1:
            return
        n %= length
        if n:
            items = self._items()
            self._set(items[-n:] + items[:-n])

    def _index(self, i):
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("deque index out of range")
        return i

    def __getitem__(self, i):
        if isinstance(i, slice):
            raise TypeError("sequence index must be integer, not 'slice'")
        i = self._index(i)
        nf = len(self._f)
        return self._f[nf - 1 - i] if i < nf else self._b[i - nf]

    def __setitem__(self, i, x):
        i = self._index(i)
        nf = len(self._f)
        if i < nf:
            self._f[nf - 1 - i] = x
        else:
            self._b[i - nf] = x

    def __delitem__(self, i):
        i = self._index(i)
        items = self._items()
        del items[i]
        self._set(items)

    def __contains__(self, x):
        return x in self._f or x in self._b

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items() == other._items()

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._items() < other._items()

    def __le__(self, other):
        return self._items() <= other._items()

    def __gt__(self, other):
        return self._items() > other._items()

    def __ge__(self, other):
        return self._items() >= other._items()

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque' % type(other).__name__)
        return deque(self._items() + other._items(), self._maxlen)

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        return deque(self._items() * n, self._maxlen)

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._items(),)
        return "deque(%r, maxlen=%d)" % (self._items(), self._maxlen)

    __str__ = __repr__


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __getitem__(self, key):
        for m in self.maps:
            if key in m:
                return m[key]
        return self.__missing__(key)

    def __missing__(self, key):
        raise KeyError(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(self._merged())

    def _merged(self):
        d = {}
        for m in reversed(self.maps):
            for k in m:
                d[k] = None
        return d

    def __iter__(self):
        return iter(self._merged())

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def keys(self):
        return list(self._merged())

    def values(self):
        return [self[k] for k in self._merged()]

    def items(self):
        return [(k, self[k]) for k in self._merged()]

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def pop(self, key, *default):
        try:
            return self.maps[0].pop(key, *default)
        except KeyError:
            raise KeyError("Key not found in the first mapping: %r" % (key,))

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, other=(), **kw):
        self.maps[0].update(other, **kw)

    def clear(self):
        self.maps[0].clear()

    def copy(self):
        return ChainMap(self.maps[0].copy(), *self.maps[1:])

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return ChainMap(m, *self.maps)

    @property
    def parents(self):
        return ChainMap(*self.maps[1:])

    def __eq__(self, other):
        return dict(self.items()) == dict(other.items())

    def __repr__(self):
        return "ChainMap(%s)" % ", ".join(map(repr, self.maps))

    __str__ = __repr__


class UserDict(dict):
    pass


class UserList(list):
    pass
