"""typing for the guest: the names type-annotated code imports, as light runtime objects.
Subscripting works (List[int], Optional[str], Callable[[int], str], ...); no type checking.
NamedTuple and TypedDict class syntax work (class-body annotations are recorded in the guest)."""

TYPE_CHECKING = False


def _trepr(t):
    if isinstance(t, type):
        if t is type(None):
            return "None"
        return t.__name__
    if t is Ellipsis:
        return "..."
    if isinstance(t, list):
        return "[" + ", ".join(_trepr(a) for a in t) + "]"
    if t is None:
        return "None"
    return repr(t)


class _Alias:
    def __init__(self, name, origin=None, args=None, nparams=-1):
        self._hlc_name = name
        self.__origin__ = origin
        self.__args__ = args
        self._nparams = nparams

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        name = self._hlc_name
        if name == "Optional":
            if len(params) != 1:
                raise TypeError("typing.Optional requires a single type.")
            return Union[params[0], type(None)]
        if name == "Union":
            flat = []
            for p in params:
                p = type(None) if p is None else p
                if isinstance(p, _Alias) and p._hlc_name == "Union" and p.__args__:
                    ps = p.__args__
                else:
                    ps = (p,)
                for q in ps:
                    if q not in flat:
                        flat.append(q)
            if len(flat) == 1:
                return flat[0]
            return _Alias("Union", Union, tuple(flat))
        return _Alias(name, self.__origin__ if self.__origin__ is not None else self, params)

    def __call__(self, *args, **kwargs):
        if isinstance(self.__origin__, type):
            return self.__origin__(*args, **kwargs)
        raise TypeError("Cannot instantiate typing.%s" % self._hlc_name)

    def __repr__(self):
        name = self._hlc_name
        if self.__args__ is None:
            return "typing." + name
        args = self.__args__
        if name == "Union" and len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return "typing.Optional[%s]" % _trepr(other)
        if name == "Tuple" and args == ():
            return "typing.Tuple[()]"
        return "typing.%s[%s]" % (name, ", ".join(_trepr(a) for a in args))

    def __eq__(self, other):
        if not isinstance(other, _Alias):
            return NotImplemented
        return self._hlc_name == other._hlc_name and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self._hlc_name, self.__args__))

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __mro_entries__(self, bases):
        return (self.__origin__,)


def _alias(name, origin=None):
    return _Alias(name, origin)


Any = _alias("Any")
NoReturn = _alias("NoReturn")
Never = _alias("Never")
Self = _alias("Self")
LiteralString = _alias("LiteralString")
TypeAlias = _alias("TypeAlias")
Union = _Alias("Union")
Optional = _Alias("Optional")
ClassVar = _alias("ClassVar")
Final = _alias("Final")
Literal = _alias("Literal")
Annotated = _alias("Annotated")
Required = _alias("Required")
NotRequired = _alias("NotRequired")
Concatenate = _alias("Concatenate")
TypeGuard = _alias("TypeGuard")
List = _alias("List", list)
Dict = _alias("Dict", dict)
Set = _alias("Set", set)
FrozenSet = _alias("FrozenSet", frozenset)
Tuple = _alias("Tuple", tuple)
Type = _alias("Type", type)
Callable = _alias("Callable")
Iterable = _alias("Iterable")
Iterator = _alias("Iterator")
Generator = _alias("Generator")
AsyncIterator = _alias("AsyncIterator")
AsyncIterable = _alias("AsyncIterable")
AsyncGenerator = _alias("AsyncGenerator")
Awaitable = _alias("Awaitable")
Coroutine = _alias("Coroutine")
Sequence = _alias("Sequence")
MutableSequence = _alias("MutableSequence")
Mapping = _alias("Mapping")
MutableMapping = _alias("MutableMapping")
AbstractSet = _alias("AbstractSet")
MutableSet = _alias("MutableSet")
Collection = _alias("Collection")
Container = _alias("Container")
Reversible = _alias("Reversible")
Hashable = _alias("Hashable")
Sized = _alias("Sized")
KeysView = _alias("KeysView")
ValuesView = _alias("ValuesView")
ItemsView = _alias("ItemsView")
ContextManager = _alias("ContextManager")
IO = _alias("IO")
TextIO = _alias("TextIO")
BinaryIO = _alias("BinaryIO")
Pattern = _alias("Pattern")
Match = _alias("Match")
SupportsInt = _alias("SupportsInt")
SupportsFloat = _alias("SupportsFloat")
SupportsIndex = _alias("SupportsIndex")
SupportsAbs = _alias("SupportsAbs")
SupportsRound = _alias("SupportsRound")


def _lazy_collections(name, attr):
    import collections
    return _Alias(name, getattr(collections, attr))


DefaultDict = _alias("DefaultDict")
OrderedDict = _alias("OrderedDict")
Counter = _alias("Counter")
Deque = _alias("Deque")
ChainMap = _alias("ChainMap")
Text = str
AnyStr = None  # replaced below by a TypeVar


class TypeVar:
    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        return ("+" if self.__covariant__ else "-" if self.__contravariant__ else "~") + self.__name__

    def __or__(self, other):
        return Union[self, other]


AnyStr = TypeVar("AnyStr", bytes, str)


class ParamSpec(TypeVar):
    args = None
    kwargs = None


class TypeVarTuple(TypeVar):
    pass


class Generic:
    @classmethod
    def __class_getitem__(cls, params):
        return cls


class Protocol(Generic):
    pass


def runtime_checkable(cls):
    return cls


def final(f):
    return f


def overload(f):
    return f


def no_type_check(f):
    return f


def dataclass_transform(**kwargs):
    return lambda f: f


def cast(typ, val):
    return val


def assert_type(val, typ):
    return val


def assert_never(arg):
    raise AssertionError("Expected code to be unreachable, but got: %r" % (arg,))


def reveal_type(obj):
    print("Runtime type is %r" % type(obj).__name__)
    return obj


def NewType(name, tp):
    def new_type(x):
        return x
    return new_type


def get_origin(tp):
    if isinstance(tp, _Alias) and tp.__args__ is not None:
        o = tp.__origin__
        return o if not isinstance(o, _Alias) else o
    return None


def get_args(tp):
    if isinstance(tp, _Alias) and tp.__args__ is not None:
        return tp.__args__
    return ()


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        chain = []
        todo = [obj]
        while todo:
            c = todo.pop()
            chain.append(c)
            todo.extend(getattr(c, "__bases__", ()))
        for c in reversed(chain):
            hints.update(c.__dict__.get("__annotations__", {}))
    else:
        hints.update(getattr(obj, "__annotations__", {}) or {})
    for k, v in list(hints.items()):
        if v is None:
            hints[k] = type(None)
    return hints


class NamedTuple:
    """class P(NamedTuple): x: int; y: int = 0 -- or NamedTuple('P', [('x', int), ('y', int)])."""

    def __new__(cls, *args, **kwargs):
        if cls is NamedTuple:
            typename, fields = args[0], (args[1] if len(args) > 1 else list(kwargs.items()))
            import collections
            nt = collections.namedtuple(typename, [f for f, _ in fields])
            nt.__annotations__ = dict(fields)
            return nt
        return object.__new__(cls)

    def __init_subclass__(cls, **kwargs):
        import collections
        ann = cls.__dict__.get("__annotations__", {})
        names = list(ann)
        defaults = {}
        for n in names:
            if n in cls.__dict__:
                defaults[n] = cls.__dict__[n]
            elif defaults:
                raise TypeError("Non-default namedtuple field %s cannot follow default field%s %s"
                                % (n, "s" if len(defaults) > 1 else "", ", ".join(defaults)))
        base = collections.namedtuple(cls.__name__, names, defaults=list(defaults.values()) or None)
        for attr in ("_fields", "_field_defaults", "__match_args__") + tuple(names):
            setattr(cls, attr, base.__dict__[attr])

        def __init__(self, *args, **kwargs):
            # the namedtuple's argument checks and defaults; the values go to _TupleBase's _t
            object.__setattr__(self, "_t", tuple(base.__new__(base, *args, **kwargs)))

        cls.__init__ = __init__
        for attr in ("__getitem__", "__iter__", "__len__", "__contains__", "__hash__", "__eq__", "__ne__",
                     "__lt__", "__le__", "__gt__", "__ge__", "__add__", "__radd__", "__mul__", "count",
                     "index", "__setattr__", "_make", "_replace", "_asdict", "__getnewargs__", "__copy__",
                     "__deepcopy__"):
            if attr not in cls.__dict__:
                setattr(cls, attr, collections._TupleBase.__dict__[attr])
        if "__repr__" not in cls.__dict__:
            cls.__repr__ = collections._TupleBase.__dict__["__repr__"]
        if "__str__" not in cls.__dict__:
            cls.__str__ = cls.__repr__
        cls._hlc_tuplebase = True


class TypedDict:
    """class Movie(TypedDict): name: str -- Movie(name='x') is a plain dict, as in CPython."""

    def __new__(cls, *args, total=True, **kwargs):
        if cls is TypedDict:
            name, fields = args[0], (args[1] if len(args) > 1 else kwargs)
            return type(name, (TypedDict,), {"__annotations__": dict(fields), "__total__": total})
        return dict(*args, **kwargs)


__all__ = [n for n in dir() if not n.startswith("_")]
