"""copy for the guest: copy() and deepcopy() with memo, __copy__/__deepcopy__ hooks."""


class Error(Exception):
    pass


error = Error

_ATOMIC = (type(None), int, float, bool, complex, str, bytes, type, range, type(len), type(Ellipsis))


def copy(x):
    cls = type(x)
    if isinstance(x, _ATOMIC) or callable(x) and not hasattr(x, "__dict__"):
        return x
    hook = getattr(x, "__copy__", None)
    if hook is not None:
        return hook()
    if cls is list:
        return x[:]
    if cls is dict:
        return x.copy()
    if cls is set:
        return x.copy()
    if cls is bytearray:
        return bytearray(x)
    if cls in (tuple, frozenset):
        return x
    return _reconstruct(x, None)


def _reconstruct(x, memo):
    cls = type(x)
    if isinstance(x, dict):
        y = cls.__new__(cls) if hasattr(cls, "__new__") else cls()
        try:
            y = cls()
        except TypeError:
            pass
        for k, v in x.items():
            y[k] = deepcopy(v, memo) if memo is not None else v
        _copy_attrs(x, y, memo)
        return y
    if isinstance(x, list):
        y = cls()
        for v in x:
            y.append(deepcopy(v, memo) if memo is not None else v)
        _copy_attrs(x, y, memo)
        return y
    y = object.__new__(cls)
    if memo is not None:
        memo[id(x)] = y
    _copy_attrs(x, y, memo)
    return y


def _copy_attrs(x, y, memo):
    state = getattr(x, "__dict__", None)
    if not state:
        return
    if memo is not None:
        state = deepcopy(state, memo)
    setstate = getattr(y, "__setstate__", None)
    if setstate is not None:
        setstate(state)
        return
    for k, v in state.items():
        object.__setattr__(y, k, v)


def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if isinstance(x, _ATOMIC) or callable(x) and not hasattr(x, "__dict__"):
        return x
    if cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for k, v in x.items():
            y[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is tuple:
        y = tuple(deepcopy(a, memo) for a in x)
        if all(a is b for a, b in zip(x, y)):
            y = x
    elif cls is set:
        y = {deepcopy(a, memo) for a in x}
    elif cls is frozenset:
        y = x
    elif cls is bytearray:
        y = bytearray(x)
    else:
        hook = getattr(x, "__deepcopy__", None)
        if hook is not None:
            y = hook(memo)
        else:
            y = _reconstruct(x, memo)
    memo[d] = y
    _keep_alive(x, memo)
    return y


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


def replace(obj, **changes):
    return obj.__replace__(**changes)
