"""dataclasses for the guest: dataclass (init, repr, eq, order, frozen, unsafe_hash, kw_only),
field, fields, asdict, astuple, replace, is_dataclass, make_dataclass.

Fields come from the class body's __annotations__, which the guest's compiler records for
class bodies (a guest patch; MicroPython drops annotations otherwise).
"""

__all__ = ["dataclass", "field", "Field", "FrozenInstanceError", "InitVar", "KW_ONLY", "MISSING",
           "fields", "asdict", "astuple", "make_dataclass", "replace", "is_dataclass"]


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class _KwOnlyType:
    def __repr__(self):
        return "KW_ONLY"


KW_ONLY = _KwOnlyType()


class FrozenInstanceError(AttributeError):
    pass


class InitVar:
    def __init__(self, type):
        self.type = type

    def __class_getitem__(cls, t):
        return InitVar(t)

    def __repr__(self):
        return "dataclasses.InitVar[%s]" % getattr(self.type, "__name__", repr(self.type))


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = metadata if metadata is not None else {}
        self.kw_only = kw_only
        self._field_type = "_FIELD"

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,hash=%r,"
                "compare=%r,metadata=%r,kw_only=%r,_field_type=%s)" % (
                    self.name, self.type, self.default, self.default_factory, self.init, self.repr,
                    self.hash, self.compare, self.metadata, self.kw_only, self._field_type))


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None, compare=True,
          metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _is_classvar(tp):
    if isinstance(tp, str):
        return tp.startswith("ClassVar") or tp.startswith("typing.ClassVar")
    return getattr(tp, "_hlc_name", None) == "ClassVar"


def _bases(cls):
    return getattr(cls, "__bases__", ())


def _collect(cls, kw_only_default):
    fields = {}
    for b in reversed(_bases(cls)):
        base_fields = getattr(b, "__dataclass_fields__", None)
        if base_fields:
            for f in base_fields.values():
                fields[f.name] = f
    ann = cls.__dict__.get("__annotations__", {})
    kw_only = kw_only_default
    for name, tp in ann.items():
        if tp is KW_ONLY or (isinstance(tp, str) and tp in ("KW_ONLY", "dataclasses.KW_ONLY")):
            kw_only = True
            continue
        if _is_classvar(tp):
            continue
        default = cls.__dict__.get(name, MISSING)
        if isinstance(default, Field):
            f = default
        else:
            f = field(default=default)
        f.name = name
        f.type = tp
        if isinstance(tp, InitVar):
            f._field_type = "_FIELD_INITVAR"
        if f.kw_only is MISSING:
            f.kw_only = kw_only
        if f.default is not MISSING and type(f.default) in (list, dict, set):
            raise ValueError("mutable default %s for field %s is not allowed: use default_factory"
                             % (_tname(type(f.default)), name))
        fields[name] = f
        # class attribute: the default value (as CPython), or nothing
        if isinstance(default, Field):
            if f.default is MISSING:
                try:
                    delattr(cls, name)
                except AttributeError:
                    pass
            else:
                setattr(cls, name, f.default)
    return fields


def _tname(t):
    return "<class '%s'>" % t.__name__


def _make_init(cls, flds, frozen, has_post_init):
    glb = {"MISSING": MISSING, "_HAS_FACTORY": _HAS_FACTORY, "_set": object.__setattr__}
    pos, kw = [], []
    body = []
    seen_default = None
    for f in flds:
        if not f.init:
            if f.default_factory is not MISSING:
                glb["_f_" + f.name] = f.default_factory
                body.append(_assign(f.name, "_f_%s()" % f.name, frozen))
            elif f.default is not MISSING:
                glb["_d_" + f.name] = f.default
                body.append(_assign(f.name, "_d_" + f.name, frozen))
            continue
        if f.default_factory is not MISSING:
            glb["_f_" + f.name] = f.default_factory
            param = "%s=_HAS_FACTORY" % f.name
            value = "_f_%s() if %s is _HAS_FACTORY else %s" % (f.name, f.name, f.name)
        elif f.default is not MISSING:
            glb["_d_" + f.name] = f.default
            param = "%s=_d_%s" % (f.name, f.name)
            value = f.name
        else:
            param = f.name
            value = f.name
            if not f.kw_only and seen_default is not None:
                raise TypeError("non-default argument '%s' follows default argument" % f.name)
        if "=" in param and not f.kw_only:
            seen_default = f.name
        (kw if f.kw_only else pos).append(param)
        if f._field_type == "_FIELD":
            body.append(_assign(f.name, value, frozen))
    if has_post_init:
        initvars = [f.name for f in flds if f._field_type == "_FIELD_INITVAR"]
        body.append("self.__post_init__(%s)" % ", ".join(initvars))
    params = ["self"] + pos
    if kw:
        params += ["*"] + kw
    src = "def __init__(%s):\n    %s\n" % (", ".join(params), "\n    ".join(body) if body else "pass")
    ns = {}
    exec(src, glb, ns)
    return ns["__init__"]


def _assign(name, value, frozen):
    if frozen:
        return "_set(self, %r, %s)" % (name, value)
    return "self.%s = %s" % (name, value)


class _HasFactory:
    pass


_HAS_FACTORY = _HasFactory()


def _tuple(obj, flds):
    return tuple(getattr(obj, f.name) for f in flds)


def _process(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots):
    fields_map = _collect(cls, kw_only)
    cls.__dataclass_fields__ = fields_map
    cls.__dataclass_params__ = (init, repr, eq, order, unsafe_hash, frozen)
    flds = [f for f in fields_map.values() if f._field_type == "_FIELD"]
    all_init = list(fields_map.values())
    has_post_init = hasattr(cls, "__post_init__")
    d = cls.__dict__
    if init and "__init__" not in d:
        cls.__init__ = _make_init(cls, all_init, frozen, has_post_init)
    if repr and "__repr__" not in d:
        rflds = [f for f in flds if f.repr]

        def __repr__(self):
            return "%s(%s)" % (getattr(type(self), "__qualname__", type(self).__name__),
                               ", ".join("%s=%r" % (f.name, getattr(self, f.name)) for f in rflds))
        cls.__repr__ = __repr__
        if "__str__" not in d:
            cls.__str__ = __repr__
    cflds = [f for f in flds if f.compare]
    if eq and "__eq__" not in d:
        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return _tuple(self, cflds) == _tuple(other, cflds)
            return NotImplemented

        def __ne__(self, other):
            r = __eq__(self, other)
            return r if r is NotImplemented else not r
        cls.__eq__ = __eq__
        cls.__ne__ = __ne__
    if order:
        for name, op in (("__lt__", lambda a, b: a < b), ("__le__", lambda a, b: a <= b),
                         ("__gt__", lambda a, b: a > b), ("__ge__", lambda a, b: a >= b)):
            if name in d:
                raise TypeError("Cannot overwrite attribute %s in class %s. Consider using functools.total_ordering"
                                % (name, cls.__name__))
            setattr(cls, name, _order_method(op, cflds))
    if frozen:
        def __setattr__(self, name, value):
            if type(self) is cls or name in fields_map:
                raise FrozenInstanceError("cannot assign to field '%s'" % name)
            object.__setattr__(self, name, value)

        def __delattr__(self, name):
            raise FrozenInstanceError("cannot delete field '%s'" % name)
        cls.__setattr__ = __setattr__
        cls.__delattr__ = __delattr__
    hflds = [f for f in flds if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash or (eq and frozen):
        if "__hash__" not in d or unsafe_hash:
            cls.__hash__ = lambda self: hash(_tuple(self, hflds))
    if match_args:
        cls.__match_args__ = tuple(f.name for f in all_init if f.init and not f.kw_only)
    return cls


def _order_method(op, cflds):
    def method(self, other):
        if other.__class__ is self.__class__:
            return op(_tuple(self, cflds), _tuple(other, cflds))
        return NotImplemented
    return method


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
              match_args=True, kw_only=False, slots=False, weakref_slot=False):
    def wrap(c):
        return _process(c, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots)
    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        fs = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance")
    return tuple(f for f in fs.values() if f._field_type == "_FIELD")


def is_dataclass(obj):
    return hasattr(obj, "__dataclass_fields__")


def _is_dc_instance(obj):
    return hasattr(obj, "__dataclass_fields__") and not isinstance(obj, type)


def asdict(obj, *, dict_factory=dict):
    if not _is_dc_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _asdict(obj, dict_factory)


def _asdict(obj, dict_factory):
    if _is_dc_instance(obj):
        return dict_factory([(f.name, _asdict(getattr(obj, f.name), dict_factory)) for f in fields(obj)])
    if hasattr(obj, "_fields") and hasattr(obj, "_make") and not isinstance(obj, type):
        return type(obj)(*[_asdict(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_asdict(v, dict_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict(k, dict_factory), _asdict(v, dict_factory)) for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dc_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _astuple(obj, tuple_factory)


def _astuple(obj, tuple_factory):
    if _is_dc_instance(obj):
        return tuple_factory([_astuple(getattr(obj, f.name), tuple_factory) for f in fields(obj)])
    if hasattr(obj, "_fields") and hasattr(obj, "_make") and not isinstance(obj, type):
        return type(obj)(*[_astuple(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_astuple(v, tuple_factory) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_astuple(k, tuple_factory), _astuple(v, tuple_factory)) for k, v in obj.items())
    import copy
    return copy.deepcopy(obj)


def replace(obj, **changes):
    if not _is_dc_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in obj.__dataclass_fields__.values():
        if not f.init:
            if f.name in changes:
                raise ValueError("field %s is declared with init=False, it cannot be specified with replace()" % f.name)
            continue
        if f.name not in changes:
            if f._field_type == "_FIELD_INITVAR" and f.default is MISSING:
                raise ValueError("InitVar %r must be specified with replace()" % f.name)
            if f._field_type == "_FIELD":
                changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, **kw):
    ns = dict(namespace or {})
    ann = {}
    for item in fields:
        if isinstance(item, str):
            ann[item] = "typing.Any"
        elif len(item) == 2:
            ann[item[0]] = item[1]
        else:
            ann[item[0]] = item[1]
            ns[item[0]] = item[2]
    ns["__annotations__"] = ann
    cls = type(cls_name, bases or (object,), ns)
    return dataclass(cls, **kw)
