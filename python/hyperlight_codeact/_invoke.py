"""Calling Agent Framework tools from guest code: every `call_tool` goes through `FunctionTool.invoke`.

`invoke` validates and coerces the arguments by the tool's schema (`n: int` given `"3"` gets
`3`, pydantic-model parameters get model instances), enforces `max_invocations`, counts
`invocation_count`, injects a `FunctionInvocationContext` parameter and opens the
`execute_tool <name>` OpenTelemetry span. The result comes back raw (`skip_parsing=True`): the
guest gets the tool's own value, not the text a model would read, so a tool's `result_parser`
does not run on this path.

`FunctionToolCaller` is what the native sandbox calls for one tool. The run that is executing
(see `HyperlightExecuteCodeTool`) publishes a `CallScope` in a context variable: the agent's
function middleware, the `FunctionInvocationContext` of the `execute_code` call (its session
and runtime kwargs reach the inner calls) and whether tool errors show their details. Context
variables follow the run into the thread that runs the VM and into the coroutines awaited for
tool calls, and so does the OpenTelemetry context: the tool's span is a child of the
`execute_tool execute_code` span.
"""

from __future__ import annotations

import contextvars
import copy
import dataclasses
import datetime
import decimal
import enum
import functools
import inspect
import logging
import types
import typing
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from agent_framework import FunctionInvocationContext, FunctionTool

from hyperlight_codeact._native import MAX_VALUE_DEPTH

try:  # raised by FunctionTool.invoke for arguments its schema refuses (a TypeError subclass)
    from agent_framework._tools import _FunctionArgumentValidationError as _ArgumentError
except ImportError:  # pragma: no cover - older or newer agent-framework-core
    _ArgumentError = TypeError  # type: ignore[misc,assignment]

logger = logging.getLogger("hyperlight_codeact")

__all__ = ["CallScope", "FunctionToolCaller", "current_scope", "to_native", "use_scope"]


@dataclasses.dataclass(frozen=True)
class CallScope:
    """What the inner tool calls of one `execute_code` run share."""

    middleware: Sequence[Any] = ()
    """Function middleware (as `Agent(middleware=...)` takes it) each call runs through."""
    parent: FunctionInvocationContext | None = None
    """The `execute_code` call's context: its session and kwargs are passed on."""
    include_detailed_errors: bool = False
    """Whether the sandbox shows a failing tool's exception message to the guest (else only its
    type): only logged here, the sandbox withholds it (`Sandbox(tool_error_detail=...)`)."""


_SCOPE: contextvars.ContextVar[CallScope | None] = contextvars.ContextVar("hyperlight_codeact_call_scope", default=None)


def current_scope() -> CallScope | None:
    """The scope of the run whose tool call is executing, if any."""
    return _SCOPE.get()


def use_scope(scope: CallScope) -> contextvars.Token[CallScope | None]:
    """Publishes `scope` for the tool calls made from this context; reset with `_SCOPE.reset`."""
    return _SCOPE.set(scope)


def reset_scope(token: contextvars.Token[CallScope | None]) -> None:
    """Undoes `use_scope`."""
    _SCOPE.reset(token)


def to_native(value: Any, _depth: int = 0) -> Any:
    """A tool's return value as the JSON-like data the guest receives.

    Values already JSON-like pass unchanged; pydantic models, dataclasses, tuples and sets,
    dates and times, enums, decimals and UUIDs are converted the way their JSON form reads.
    Anything else is left for the sandbox to refuse with a `TypeError` naming the type.
    """
    if _depth > MAX_VALUE_DEPTH:
        return value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, enum.Enum):
        return to_native(value.value, _depth + 1)
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else str(k)): to_native(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [to_native(v, _depth + 1) for v in items]
    model_dump = getattr(value, "model_dump", None)
    if callable(model_dump):  # pydantic v2 models
        return model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_native(dataclasses.asdict(value), _depth + 1)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def _model_parameters(tool: FunctionTool) -> dict[str, Any]:
    """Parameters of `tool`'s function annotated with a pydantic model (or `Model | None`)."""
    from pydantic import BaseModel

    func = tool.func
    while isinstance(func, FunctionTool):
        func = func.func
    if func is None:
        return {}
    try:
        hints = typing.get_type_hints(func)
    except Exception:
        return {}
    found: dict[str, Any] = {}
    for name, annotation in hints.items():
        if name == "return":
            continue
        is_union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
        candidates = typing.get_args(annotation) if is_union else (annotation,)
        models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        if len(models) == 1:
            found[name] = models[0]
    return found


class _CountsOnOriginal:
    """Mixin for a tool's sandbox view: the invocation counters and limits stay the original's."""

    _original: FunctionTool

    @property
    def invocation_count(self) -> int:
        return self._original.invocation_count

    @invocation_count.setter
    def invocation_count(self, value: int) -> None:
        self._original.invocation_count = value

    @property
    def invocation_exception_count(self) -> int:
        return self._original.invocation_exception_count

    @invocation_exception_count.setter
    def invocation_exception_count(self, value: int) -> None:
        self._original.invocation_exception_count = value

    @property
    def max_invocations(self) -> int | None:
        return self._original.max_invocations

    @max_invocations.setter
    def max_invocations(self, value: int | None) -> None:
        self._original.max_invocations = value


def _sandbox_view(tool: FunctionTool, *, inline: bool = False) -> FunctionTool:
    """`tool`, or a view of it sharing the original's counters and limits when the sandbox path
    needs a difference: for pydantic-model parameters its function gets model instances
    (`FunctionTool.invoke` validates such arguments against the model and then passes them on
    as dicts, `model_dump`); with `inline` a sync function runs on the calling thread instead of
    `asyncio.to_thread` (the VM's thread is blocked on the call anyway)."""
    models = _model_parameters(tool)
    if not models and not inline:
        return tool
    view = copy.copy(tool)
    view.__class__ = type(f"Sandbox{type(tool).__name__}", (_CountsOnOriginal, type(tool)), {})
    object.__setattr__(view, "_original", tool)
    if models:
        func = tool.func

        def rebuild(*args: Any, **kwargs: Any) -> Any:
            for name, model in models.items():
                if isinstance(kwargs.get(name), dict):
                    kwargs[name] = model.model_validate(kwargs[name])
            return func(*args, **kwargs)  # type: ignore[misc]

        functools.update_wrapper(rebuild, func)  # type: ignore[arg-type]
        view.func = rebuild
    if inline:
        view._invoke_sync_on_event_loop = True
    return view


def _is_async(tool: FunctionTool) -> bool:
    func = tool.func
    while isinstance(func, FunctionTool):
        func = func.func
    # A callable object whose __call__ is `async def` counts too.
    return inspect.iscoroutinefunction(func) or inspect.iscoroutinefunction(type(func).__call__)


class FunctionToolCaller:
    """The callable the sandbox registers for one `FunctionTool`.

    A sync tool without middleware is invoked right on the VM's thread (no loop or thread hop:
    `invoke` then never suspends, so its coroutine completes in one step); an async tool, or
    any tool when middleware applies, comes back as a coroutine the sandbox awaits on the
    caller's event loop.
    """

    __slots__ = ("inline_tool", "is_async", "name", "original", "tool")

    def __init__(self, tool: FunctionTool) -> None:
        self.original = tool
        self.name: str = tool.name
        self.is_async = _is_async(tool)
        self.tool = _sandbox_view(tool)
        self.inline_tool = None if self.is_async else _sandbox_view(tool, inline=True)

    def __repr__(self) -> str:
        return f"FunctionToolCaller({self.name!r})"

    def __call__(self, **kwargs: Any) -> Any:
        scope = _SCOPE.get() or CallScope(include_detailed_errors=True)
        if self.inline_tool is None or scope.middleware:
            return self._call(scope, self.tool, kwargs)
        step = self._call(scope, self.inline_tool, kwargs)
        try:
            step.send(None)
        except StopIteration as done:
            return done.value
        step.close()
        raise RuntimeError(f"tool {self.name!r} awaited something, but it has no event loop on the sandbox path")

    async def _call(self, scope: CallScope, tool: FunctionTool, kwargs: Mapping[str, Any]) -> Any:
        try:
            if scope.middleware:
                result = await self._through_middleware(scope, kwargs)
            else:
                context = self._context(scope, kwargs) if scope.parent is not None else None
                result = await tool.invoke(arguments=dict(kwargs), context=context, skip_parsing=True)
        except _ArgumentError as exc:
            # Argument validation: the guest sees a plain TypeError, like a bad Python call.
            raise TypeError(str(exc) or f"Invalid arguments for '{self.name}'.") from None
        except Exception as exc:
            # The exception reaches the guest as its own type; without include_detailed_errors
            # the sandbox (tool_error_detail=False) replaces its message, in one place for
            # call_tool and acall_tool alike.
            if not scope.include_detailed_errors:
                logger.warning(
                    "Sandbox tool '%s' raised %s; its details are hidden from the guest "
                    "(include_detailed_errors=False).",
                    self.name,
                    type(exc).__name__,
                )
            raise
        return to_native(result)

    def _context(self, scope: CallScope, kwargs: Mapping[str, Any]) -> FunctionInvocationContext:
        parent = scope.parent
        return FunctionInvocationContext(
            function=self.tool,
            arguments=dict(kwargs),
            session=parent.session if parent is not None else None,
            kwargs=dict(parent.kwargs) if parent is not None else {},
            tools=parent.tools if parent is not None else None,
        )

    async def _through_middleware(self, scope: CallScope, kwargs: Mapping[str, Any]) -> Any:
        from agent_framework._middleware import FunctionMiddlewarePipeline

        pipeline = FunctionMiddlewarePipeline(*scope.middleware)
        context = self._context(scope, kwargs)
        tool = self.tool

        async def final_handler(ctx: FunctionInvocationContext) -> Any:
            return await tool.invoke(arguments=ctx.arguments, context=ctx, skip_parsing=True)

        return await pipeline.execute(context=context, final_handler=final_handler)
