"""enum for the guest: Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique (CPython 3.11 behaviour).

No metaclasses here: members are made by Enum.__init_subclass__, and the class-level operations
(iteration, len, Color['RED'], repr(Color)) come from the guest's class hooks (__class_iter__,
__class_len__, __class_getitem__, __class_repr__). IntEnum/StrEnum members are not int/str
instances: they compare, hash, format and compute like their values.
"""

__all__ = ["Enum", "IntEnum", "StrEnum", "Flag", "IntFlag", "auto", "unique", "EnumMeta", "EnumType"]

_NOTSET = object()


class auto:
    _counter = 0

    def __init__(self, value=_NOTSET):
        self.value = value
        auto._counter += 1
        self._order = auto._counter

    def __repr__(self):
        return "auto(%r)" % (self.value,)


def _is_descriptor(v):
    return (callable(v) or isinstance(v, (property, classmethod, staticmethod))
            or hasattr(v, "__get__") or isinstance(v, type))


def _native_base(cls):
    todo = [cls]
    while todo:
        c = todo.pop()
        for b in getattr(c, "__bases__", ()):
            if b in (int, str, float):
                return b
            todo.append(b)
    return None


class Enum:
    def __init_subclass__(cls, **kwargs):
        cls._member_names_ = []
        cls._member_map_ = {}
        cls._value2member_map_ = {}
        cls._unhashable_values_ = []
        d = cls.__dict__
        native = _native_base(cls)
        user_init = d.get("__init__")
        last = []
        ignore = d.get("_ignore_", [])
        if isinstance(ignore, str):
            ignore = ignore.replace(",", " ").split()
        for name, value in list(d.items()):
            if name.startswith("_") or name in ignore or _is_descriptor(value) and not isinstance(value, auto):
                continue
            if isinstance(value, auto):
                if value.value is _NOTSET:
                    value.value = cls._generate_next_value_(name, 1, len(last), last[:])
                value = value.value
            elif isinstance(value, tuple) and any(isinstance(v, auto) for v in value):
                value = tuple(v.value if isinstance(v, auto) and v.value is not _NOTSET else
                              (cls._generate_next_value_(name, 1, len(last), last[:]) if isinstance(v, auto) else v)
                              for v in value)
            last.append(value)
            canonical = None
            try:
                canonical = cls._value2member_map_.get(value)
            except TypeError:
                for m in cls._unhashable_values_:
                    if m._value_ == value:
                        canonical = m
            if canonical is not None and not issubclass(cls, Flag):
                setattr(cls, name, canonical)
                cls._member_map_[name] = canonical
                continue
            if native is not None:
                member = cls(value)
            else:
                member = object.__new__(cls)
            object.__setattr__(member, "_name_", name)
            object.__setattr__(member, "_value_", value)
            object.__setattr__(member, "_sort_order_", len(cls._member_names_))
            if user_init is not None:
                args = value if isinstance(value, tuple) else (value,)
                user_init(member, *args)
            if "_value_" in getattr(member, "__dict__", {}) and member._value_ is not value:
                value = member._value_
            setattr(cls, name, member)
            cls._member_names_.append(name)
            cls._member_map_[name] = member
            try:
                cls._value2member_map_[value] = member
            except TypeError:
                cls._unhashable_values_.append(member)
        if cls._member_names_:
            cls.__new__ = staticmethod(_enum_lookup)
            if user_init is not None:
                # members are initialised; Color(value) must not run __init__ again
                cls.__init__ = _no_init

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for v in reversed(last_values):
            try:
                return v + 1
            except TypeError:
                pass
        return start

    @classmethod
    def _missing_(cls, value):
        return None

    @classmethod
    def __class_iter__(cls):
        return iter([cls._member_map_[n] for n in cls._member_names_])

    @classmethod
    def __class_len__(cls):
        return len(cls._member_names_)

    @classmethod
    def __class_getitem__(cls, name):
        return cls._member_map_[name]

    @classmethod
    def __class_repr__(cls):
        return "<%s %r>" % ("flag" if issubclass(cls, Flag) else "enum", cls.__name__)

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return type(self), (self._value_,)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __setattr__(self, name, value):
        if name in ("_name_", "_value_", "name", "value"):
            raise AttributeError("cannot set attribute %r" % name)
        object.__setattr__(self, name, value)


def _no_init(self, *args, **kwargs):
    pass


def _enum_lookup(cls, value=_NOTSET, *args, **kwargs):
    if value is _NOTSET:
        raise TypeError("%s() missing 1 required positional argument: 'value'" % cls.__name__)
    if isinstance(value, cls):
        return value
    try:
        m = cls._value2member_map_.get(value)
        if m is not None:
            return m
    except TypeError:
        for m in cls._unhashable_values_:
            if m._value_ == value:
                return m
    for m in cls._member_map_.values():
        if m._value_ == value:
            return m
    if issubclass(cls, Flag) and isinstance(value, int):
        return cls._make_pseudo(value)
    r = cls._missing_(value)
    if isinstance(r, cls):
        return r
    raise ValueError("%r is not a valid %s" % (value, cls.__qualname__ if hasattr(cls, "__qualname__") else cls.__name__))


EnumType = EnumMeta = type


class _ValueMixin:
    """Members that behave like their value (IntEnum, StrEnum, IntFlag)."""

    def __eq__(self, other):
        if isinstance(other, Enum):
            other = other._value_
        return self._value_ == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self._value_)

    def __lt__(self, other):
        return self._value_ < _v(other)

    def __le__(self, other):
        return self._value_ <= _v(other)

    def __gt__(self, other):
        return self._value_ > _v(other)

    def __ge__(self, other):
        return self._value_ >= _v(other)

    def __str__(self):
        return str(self._value_)

    def __format__(self, spec):
        return format(self._value_, spec)

    def __bool__(self):
        return bool(self._value_)

    def __add__(self, o):
        return self._value_ + _v(o)

    def __radd__(self, o):
        return _v(o) + self._value_

    def __mul__(self, o):
        return self._value_ * _v(o)

    def __rmul__(self, o):
        return _v(o) * self._value_

    def __mod__(self, o):
        return self._value_ % _v(o)

    def __len__(self):
        return len(self._value_)

    def __iter__(self):
        return iter(self._value_)

    def __contains__(self, x):
        return x in self._value_

    def __getitem__(self, i):
        return self._value_[i]

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._value_, name)


def _v(x):
    return x._value_ if isinstance(x, Enum) else x


class _IntOps(_ValueMixin):
    def __int__(self):
        return self._value_

    def __index__(self):
        return self._value_

    def __float__(self):
        return float(self._value_)

    def __sub__(self, o):
        return self._value_ - _v(o)

    def __rsub__(self, o):
        return _v(o) - self._value_

    def __truediv__(self, o):
        return self._value_ / _v(o)

    def __rtruediv__(self, o):
        return _v(o) / self._value_

    def __floordiv__(self, o):
        return self._value_ // _v(o)

    def __rfloordiv__(self, o):
        return _v(o) // self._value_

    def __pow__(self, o):
        return self._value_ ** _v(o)

    def __neg__(self):
        return -self._value_

    def __pos__(self):
        return self._value_

    def __abs__(self):
        return abs(self._value_)

    def __lshift__(self, o):
        return self._value_ << _v(o)

    def __rshift__(self, o):
        return self._value_ >> _v(o)


class IntEnum(_IntOps, Enum):
    pass


class ReprEnum(Enum):
    pass


class StrEnum(_ValueMixin, Enum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


class Flag(Enum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        high = 0
        for v in last_values:
            if isinstance(v, int) and v > high:
                high = v
        if not last_values:
            return 1
        return 1 << high.bit_length() if high else 1

    @classmethod
    def _make_pseudo(cls, value):
        if value < 0:
            raise ValueError("%r is not a valid %s" % (value, cls.__name__))
        m = object.__new__(cls)
        names = [n for n in cls._member_names_
                 if cls._member_map_[n]._value_ and cls._member_map_[n]._value_ & value == cls._member_map_[n]._value_
                 and _single_bit(cls._member_map_[n]._value_)]
        covered = 0
        for n in names:
            covered |= cls._member_map_[n]._value_
        if covered != value:
            raise ValueError("%r is not a valid %s" % (value, cls.__name__))
        object.__setattr__(m, "_name_", "|".join(names) if names else None)
        object.__setattr__(m, "_value_", value)
        return m

    def __or__(self, other):
        return type(self)(self._value_ | _v(other))

    def __and__(self, other):
        return type(self)(self._value_ & _v(other))

    def __xor__(self, other):
        return type(self)(self._value_ ^ _v(other))

    def __invert__(self):
        allv = 0
        for m in type(self):
            allv |= m._value_
        return type(self)(allv & ~self._value_)

    def __contains__(self, other):
        return other._value_ & self._value_ == other._value_

    def __bool__(self):
        return bool(self._value_)

    def __iter__(self):
        return iter([m for m in type(self) if _single_bit(m._value_) and m._value_ & self._value_])

    def __len__(self):
        return len(list(self.__iter__()))

    def __eq__(self, other):
        return type(other) is type(self) and other._value_ == self._value_

    def __hash__(self):
        return hash(self._value_)

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)


def _single_bit(v):
    return v > 0 and v & (v - 1) == 0


class IntFlag(_IntOps, Flag):
    def __eq__(self, other):
        return self._value_ == _v(other)

    def __hash__(self):
        return hash(self._value_)

    def __str__(self):
        return str(self._value_)

    def __or__(self, other):
        return type(self)(self._value_ | _v(other))

    __ror__ = __or__

    def __and__(self, other):
        return type(self)(self._value_ & _v(other))

    __rand__ = __and__


def unique(enumeration):
    dups = [(name, m.name) for name, m in enumeration._member_map_.items() if name != m.name]
    if dups:
        raise ValueError("duplicate values found in %r: %s" % (
            enumeration, ", ".join("%s -> %s" % d for d in dups)))
    return enumeration


def verify(*checks):
    return lambda e: e

