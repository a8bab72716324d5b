"""abc for the guest: ABC, abstractmethod (instantiating a class with abstract methods raises
TypeError, as CPython), abstractproperty/classmethod/staticmethod aliases. ABCMeta is only a name
(no metaclasses here); register() records virtual subclasses without affecting isinstance()."""


def abstractmethod(funcobj):
    try:
        funcobj.__isabstractmethod__ = True
        return funcobj
    except AttributeError:
        _ABSTRACT.add(funcobj)
        return funcobj


_ABSTRACT = set()


def _is_abstract(v):
    if isinstance(v, property):
        v = v.fget
    return v in _ABSTRACT or getattr(v, "__isabstractmethod__", False)


def _mro(cls):
    out = []
    todo = [cls]
    while todo:
        c = todo.pop(0)
        if c not in out:
            out.append(c)
            todo.extend(getattr(c, "__bases__", ()))
    return out


class ABC:
    def __init_subclass__(cls, **kwargs):
        abstract = set()
        seen = set()
        for c in _mro(cls):
            for name, v in c.__dict__.items():
                if name in seen:
                    continue
                seen.add(name)
                if _is_abstract(v):
                    abstract.add(name)
        cls.__abstractmethods__ = frozenset(abstract)

    def __new__(cls, *args, **kwargs):
        abstract = getattr(cls, "__abstractmethods__", None)
        if abstract:
            names = sorted(abstract)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s" % (
                cls.__name__, "s" if len(names) > 1 else "", ", ".join(names)))
        return object.__new__(cls)

    @classmethod
    def register(cls, subclass):
        return subclass


ABCMeta = type


def abstractproperty(f):
    return property(abstractmethod(f))


abstractclassmethod = classmethod
abstractstaticmethod = staticmethod


def get_cache_token():
    return 0
