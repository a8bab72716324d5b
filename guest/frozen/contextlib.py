"""contextlib for the guest (CPython 3.11 behaviour): contextmanager, ContextDecorator,
AbstractContextManager, closing, nullcontext, suppress, redirect_stdout, redirect_stderr,
ExitStack.

Not provided: the async variants (asynccontextmanager, AsyncExitStack, aclosing: MicroPython has
no async generators) and chdir.
"""

import sys
from functools import wraps

__all__ = ["contextmanager", "ContextDecorator", "AbstractContextManager", "closing", "nullcontext",
           "suppress", "redirect_stdout", "redirect_stderr", "ExitStack"]


class AbstractContextManager:
    """A context manager whose __enter__ returns self; subclasses define __exit__."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        return None


class ContextDecorator:
    """A base class that makes a context manager usable as a function decorator too."""

    def _recreate_cm(self):
        return self

    def __call__(self, func):
        @wraps(func)
        def inner(*args, **kwds):
            with self._recreate_cm():
                return func(*args, **kwds)

        return inner


class _GeneratorContextManager(ContextDecorator, AbstractContextManager):
    """What a @contextmanager function returns: the generator runs up to its yield on
    __enter__, and the rest on __exit__ (an exception from the with-block is thrown into it)."""

    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self.func, self.args, self.kwds = func, args, kwds

    def _recreate_cm(self):
        return self.__class__(self.func, self.args, self.kwds)

    def __enter__(self):
        # Arguments are only needed for recreation (as a decorator); drop them.
        del self.args, self.kwds, self.func
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, traceback):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            else:
                raise RuntimeError("generator didn't stop")
        if value is None:
            # Need to force instantiation so we can reliably tell if we get the same
            # exception back.
            value = typ()
        try:
            self.gen.throw(value)
        except StopIteration as exc:
            # Suppress StopIteration *unless* it's the same exception that was passed to
            # throw(): that one came from the with-block and must propagate.
            return exc is not value
        except RuntimeError as exc:
            if exc is value:
                return False
            # A StopIteration raised inside the generator became a RuntimeError (PEP 479);
            # let the original propagate. (MicroPython's RuntimeError does not chain it.)
            if isinstance(value, StopIteration) and (exc.__cause__ is value or (
                    exc.__cause__ is None and exc.args == ("generator raised StopIteration",))):
                return False
            raise
        except BaseException as exc:
            # Only re-raise if it's *not* the exception that was passed to throw(), because
            # __exit__() must not raise an exception unless __exit__() itself failed.
            if exc is not value:
                raise
            return False
        raise RuntimeError("generator didn't stop after throw()")


def contextmanager(func):
    """@contextmanager decorator: a generator function that yields once becomes a factory of
    context managers (setup before the yield, teardown after it)."""

    @wraps(func)
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)

    return helper


class closing(AbstractContextManager):
    """Closes the thing at the end of the block: ``with closing(thing) as t: ...``."""

    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class nullcontext(AbstractContextManager):
    """A context manager that does nothing; ``__enter__`` returns enter_result."""

    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *excinfo):
        pass


class suppress(AbstractContextManager):
    """Suppresses the listed exceptions in the block: ``with suppress(FileNotFoundError): ...``."""

    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, exctype, excinst, exctb):
        return exctype is not None and issubclass(exctype, self._exceptions)


class _RedirectStream(AbstractContextManager):
    _stream = None

    def __init__(self, new_target):
        self._new_target = new_target
        self._old_targets = []  # a list, so the same object can be entered again

    def __enter__(self):
        self._old_targets.append(getattr(sys, self._stream))
        setattr(sys, self._stream, self._new_target)
        return self._new_target

    def __exit__(self, exctype, excinst, exctb):
        setattr(sys, self._stream, self._old_targets.pop())


class redirect_stdout(_RedirectStream):
    """Temporarily sends sys.stdout (and so print) to another file-like object."""

    _stream = "stdout"


class redirect_stderr(_RedirectStream):
    """Temporarily sends sys.stderr to another file-like object."""

    _stream = "stderr"


def _type_name(cls):
    module = getattr(cls, "__module__", None) or "builtins"
    return "%s.%s" % (module, getattr(cls, "__qualname__", cls.__name__))


def _lookup(obj, name):
    # The special method as CPython looks it up (on the type), bound to obj; None if missing.
    meth = getattr(type(obj), name, None)
    if meth is None:
        return None
    return lambda *args: meth(obj, *args)


class ExitStack(AbstractContextManager):
    """A context manager that unwinds other context managers and callbacks, last in first out,
    when the block ends (or on close()), passing on exceptions as nested with-statements do."""

    def __init__(self):
        self._exit_callbacks = []

    def pop_all(self):
        new_stack = type(self)()
        new_stack._exit_callbacks = self._exit_callbacks
        self._exit_callbacks = []
        return new_stack

    def push(self, exit):
        """Registers exit, a context manager's __exit__ (or any callable with its signature)."""
        exit_method = _lookup(exit, "__exit__")
        self._exit_callbacks.append(exit if exit_method is None else exit_method)
        return exit

    def enter_context(self, cm):
        """Enters cm and pushes its __exit__; returns what __enter__ returned."""
        enter = _lookup(cm, "__enter__")
        exit = _lookup(cm, "__exit__")
        if enter is None or exit is None:
            raise TypeError("'%s' object does not support the context manager protocol" % _type_name(type(cm)))
        result = enter()
        self._exit_callbacks.append(exit)
        return result

    def callback(self, callback, *args, **kwds):
        """Registers callback(*args, **kwds) to run at exit; returns callback."""

        def _exit_wrapper(exc_type, exc, tb):
            callback(*args, **kwds)

        _exit_wrapper.__wrapped__ = callback
        self._exit_callbacks.append(_exit_wrapper)
        return callback

    def __enter__(self):
        return self

    def __exit__(self, *exc_details):
        received_exc = exc_details[0] is not None
        # The exception being handled around the with-statement, where the chain stops.
        frame_exc = sys.exc_info()[1]

        def _fix_exception_context(new_exc, old_exc):
            # Context may not be correct, so find the end of the chain.
            while 1:
                exc_context = new_exc.__context__
                if exc_context is None or exc_context is old_exc:
                    return
                if exc_context is frame_exc:
                    break
                new_exc = exc_context
            new_exc.__context__ = old_exc

        suppressed_exc = False
        pending_raise = False
        while self._exit_callbacks:
            cb = self._exit_callbacks.pop()
            try:
                if cb(*exc_details):
                    suppressed_exc = True
                    pending_raise = False
                    exc_details = (None, None, None)
            except BaseException as e:
                _fix_exception_context(e, exc_details[1])
                pending_raise = True
                exc_details = (type(e), e, None)
        if pending_raise:
            fixed_ctx = exc_details[1].__context__
            try:
                raise exc_details[1]
            except BaseException:
                exc_details[1].__context__ = fixed_ctx
                raise
        return received_exc and suppressed_exc

    def close(self):
        """Immediately unwinds the context stack."""
        self.__exit__(None, None, None)
