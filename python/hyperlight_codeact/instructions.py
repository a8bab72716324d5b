"""The CodeAct texts: the `execute_code` tool description and the system instructions.

The description (`build_description`) carries what the model needs to write the code: the
interpreter, the limits, `call_tool` with every tool's signature, the mounts with their modes,
`/output`, and the allowed domains with their methods; so the standalone tool works without
extra instructions. The instructions (`build_codeact_instructions`) only say how to use the
tool. Every token here is paid on every model turn, so the text is terse: one line per tool
(signature with types, defaults and allowed values, return type, docstring summary) plus one
indented line per described parameter. `build_instructions` gives both as one text, for models
driven without Agent Framework.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeAlias

from hyperlight_codeact._access import AllowedDomain, normalize_domains, normalize_mounts

__all__ = [
    "GUEST_MODULES",
    "build_codeact_instructions",
    "build_description",
    "build_instructions",
    "normalize_description_format",
    "tool_name",
    "tool_signature",
]

# The standard-library modules the guest provides (frozen Python in guest/frozen/ or MicroPython's
# C modules), named in the instructions; tests/test_instructions.py checks each one imports.
GUEST_MODULES = (
    "json re math datetime collections itertools functools operator dataclasses enum typing "
    "statistics decimal fractions random string textwrap copy heapq bisect csv io os hashlib "
    "base64 hmac secrets uuid pprint traceback calendar contextlib time struct sys asyncio"
).split()


def _function_tool_type() -> type[Any] | None:
    try:
        from agent_framework import FunctionTool
    except ImportError:  # the core API works without agent-framework installed
        return None
    return FunctionTool


def tool_name(tool: Any) -> str:
    """The name a guest passes to `call_tool` for `tool`."""
    name = getattr(tool, "name", None)
    if isinstance(name, str) and name:
        return name
    return str(getattr(tool, "__name__", type(tool).__name__))


def _underlying_function(tool: Any) -> Callable[..., Any] | None:
    ft = _function_tool_type()
    if ft is not None and isinstance(tool, ft):
        func: Any = tool.func
        while isinstance(func, ft):
            func = func.func
        unwrapped: Callable[..., Any] = func
        return unwrapped
    return tool if callable(tool) else None


def _summary(text: str | None) -> str:
    for line in (text or "").strip().splitlines():
        if line.strip():
            return line.strip()
    return ""


def _schema(tool: Any) -> Mapping[str, Any]:
    ft = _function_tool_type()
    if ft is not None:
        if not isinstance(tool, ft):
            tool = ft(name=tool_name(tool), func=tool)
        schema: Mapping[str, Any] = tool.parameters()
        return schema
    return _schema_from_signature(tool)


def _schema_from_signature(func: Callable[..., Any]) -> Mapping[str, Any]:
    """A minimal JSON schema when agent-framework (and so pydantic) is not installed."""
    names = {int: "integer", float: "number", str: "string", bool: "boolean", list: "array", dict: "object"}
    hints = typing.get_type_hints(func, include_extras=True)
    props: dict[str, Any] = {}
    required: list[str] = []
    for pname, p in inspect.signature(func).parameters.items():
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        ann = hints.get(pname, p.annotation)
        prop: dict[str, Any] = {}
        if typing.get_origin(ann) is typing.Annotated:
            ann, *meta = typing.get_args(ann)
            descriptions = [m for m in meta if isinstance(m, str)]
            if descriptions:  # the last one, as the dict comprehension this replaces kept
                prop["description"] = descriptions[-1]
        if typing.get_origin(ann) is typing.Literal:
            prop["enum"] = list(typing.get_args(ann))
        elif typing.get_origin(ann) in names or ann in names:
            prop["type"] = names[typing.get_origin(ann) or ann]
        if p.default is p.empty:
            required.append(pname)
        else:
            prop["default"] = p.default
        props[pname] = prop
    return {"type": "object", "properties": props, "required": required}


_JSON_TYPES = {"integer": "int", "number": "float", "string": "str", "boolean": "bool", "null": "None"}


def _schema_type(s: Mapping[str, Any]) -> str:
    if "enum" in s:
        return "|".join(repr(v) for v in s["enum"])
    if "const" in s:
        return repr(s["const"])
    for key in ("anyOf", "oneOf"):
        if key in s:
            return "|".join(dict.fromkeys(_schema_type(x) for x in s[key]))
    t = s.get("type")
    if isinstance(t, list):
        return "|".join(_schema_type({**s, "type": x}) for x in t)
    if t == "array":
        items = s.get("items")
        return f"list[{_schema_type(items)}]" if isinstance(items, Mapping) and items else "list"
    if t == "object" or "$ref" in s:
        return "dict"
    if isinstance(t, str):
        return _JSON_TYPES.get(t, t)
    return "Any"


def _annotation(ann: Any) -> str:
    if ann is inspect.Signature.empty or ann is typing.Any:
        return ""
    if ann is None or ann is type(None):
        return "None"
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return _annotation(typing.get_args(ann)[0])
    if origin is typing.Literal:
        return "|".join(repr(a) for a in typing.get_args(ann))
    if origin is typing.Union or type(ann).__name__ == "UnionType":
        return "|".join(_annotation(a) or "Any" for a in typing.get_args(ann))
    if origin is not None:
        args = [_annotation(a) or "Any" for a in typing.get_args(ann)]
        name = getattr(origin, "__name__", str(origin))
        if origin.__module__ == "collections.abc" or name in ("list", "dict", "tuple", "set"):
            name = {"Sequence": "list", "Mapping": "dict", "MutableMapping": "dict"}.get(name, name)
        return f"{name}[{', '.join(args)}]" if args else name
    if isinstance(ann, type):
        return "dict" if typing.is_typeddict(ann) else ann.__name__
    return str(ann).replace("typing.", "")


def _return_type(tool: Any) -> str:
    func = _underlying_function(tool)
    if func is None:
        return ""
    try:
        hints = typing.get_type_hints(func, include_extras=True)
        ann = hints.get("return", inspect.Signature.empty)
    except Exception:
        ann = inspect.signature(func).return_annotation
    if inspect.iscoroutinefunction(func) and typing.get_origin(ann) in (typing.Coroutine,):
        ann = typing.get_args(ann)[-1]
    return _annotation(ann)


def tool_signature(tool: Any) -> str:
    """`name(a: int, b: 'x'|'y' = 'x') -> float: Summary.` plus one line per described parameter."""
    schema = _schema(tool)
    props: Mapping[str, Any] = schema.get("properties") or {}
    required = set(schema.get("required") or ())
    params, notes = [], []
    for pname, prop in props.items():
        text = f"{pname}: {_schema_type(prop)}"
        if pname not in required:
            text += f" = {prop.get('default')!r}"
        params.append(text)
        if prop.get("description"):
            notes.append(f"    {pname}: {_summary(prop['description'])}")
    ret = _return_type(tool)
    description = getattr(tool, "description", None) if _function_tool_type() else None
    if not isinstance(description, str) or not description:
        description = inspect.getdoc(_underlying_function(tool)) or ""
    line = f"- {tool_name(tool)}({', '.join(params)})"
    if ret:
        line += f" -> {ret}"
    summary = _summary(description)
    if summary:
        line += f": {summary}"
    return "\n".join([line, *notes])


def _domain_text(domain: AllowedDomain) -> str:
    methods = ", ".join(domain.methods) if domain.methods else "any method"
    return f"{domain.target} ({methods})"


ParameterFormat: TypeAlias = Literal["compact", "json"]
ToolDescriptionFormat: TypeAlias = ParameterFormat | Mapping[str, ParameterFormat]


def normalize_description_format(value: Any) -> ParameterFormat | dict[str, ParameterFormat]:
    """`"compact"`, `"json"` or a mapping of tool name to either (copied); else TypeError/ValueError."""
    if isinstance(value, str):
        if value not in ("compact", "json"):
            raise ValueError(f"tool_description_format must be 'compact', 'json' or a mapping, got {value!r}")
        return value  # type: ignore[return-value]
    if not isinstance(value, Mapping):
        raise TypeError(f"tool_description_format must be 'compact', 'json' or a mapping, not {type(value).__name__}")
    out: dict[str, ParameterFormat] = {}
    for name, choice in value.items():
        if not isinstance(name, str):
            raise TypeError("tool_description_format mapping keys must be tool names (str)")
        if choice not in ("compact", "json"):
            raise ValueError(f"tool_description_format[{name!r}] must be 'compact' or 'json', got {choice!r}")
        out[name] = choice
    return out


def _compact_loses_information(schema: Mapping[str, Any]) -> bool:
    """Whether the one-line signature would drop part of `schema` (nested objects, references)."""

    def rich(s: Any) -> bool:
        if not isinstance(s, Mapping):
            return False
        if "$ref" in s or "properties" in s or "$defs" in s or "allOf" in s:
            return True
        return any(rich(x) for key in ("items", "anyOf", "oneOf") for x in _as_list(s.get(key)))

    return "$defs" in schema or any(rich(p) for p in (schema.get("properties") or {}).values())


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [value] if value is not None else []


def describe_tool(tool: Any, parameter_format: ParameterFormat = "compact") -> str:
    """One tool for the description: its signature line (compact), or its summary and JSON
    Schema (json, and compact tools whose schema the signature cannot show faithfully)."""
    if parameter_format == "compact" and not _compact_loses_information(_schema(tool)):
        return tool_signature(tool)
    description = getattr(tool, "description", None) if _function_tool_type() else None
    if not isinstance(description, str) or not description:
        description = inspect.getdoc(_underlying_function(tool)) or ""
    ret = _return_type(tool)
    line = f"- {tool_name(tool)}(**kwargs)" + (f" -> {ret}" if ret else "")
    summary = _summary(description)
    if summary:
        line += f": {summary}"
    schema = json.dumps(_schema(tool), separators=(",", ":"), sort_keys=True)
    return f"{line}\n    kwargs JSON Schema: {schema}"


def _format_for(name: str, fmt: ParameterFormat | Mapping[str, ParameterFormat]) -> ParameterFormat:
    return fmt if isinstance(fmt, str) else fmt.get(name, "compact")


def build_description(
    tools: Iterable[Any] = (),
    *,
    file_mounts: Iterable[Any] = (),
    allowed_domains: Iterable[Any] = (),
    timeout_seconds: float = 30.0,
    memory_mb: int = 64,
    output_dir: bool = True,
    workspace_root: Any = None,
    tool_description_format: ToolDescriptionFormat = "compact",
) -> str:
    """The `execute_code` tool description: the interpreter and limits, `call_tool` with every
    tool's signature, the file mounts with their access mode, `/output`, and the allowed domains
    with their methods. Host paths are never shown."""
    fmt = normalize_description_format(tool_description_format)
    lines = [
        "Run Python in a fresh, isolated micro-VM (MicroPython with CPython 3.11 semantics, `match` included; "
        f"{timeout_seconds:g} s and {memory_mb} MB). Only printed output is returned: print results (e.g. "
        f"json.dumps). Stdlib only: {' '.join(GUEST_MODULES)}.",
    ]
    tools = list(tools)
    if tools:
        lines.append(
            'Host tools: `call_tool("name", **kwargs)` returns the tool\'s JSON-like value; tool exceptions keep '
            "their type, refusals raise `ToolError`. Run independent calls concurrently: "
            '`await asyncio.gather(*(acall_tool("name", **kw) for ...))` inside `asyncio.run(main())`. Tools:'
        )
        lines.extend(describe_tool(t, _format_for(tool_name(t), fmt)) for t in tools)
    mounts = [
        f"{m.mount_path} ({'read-write' if m.writable else 'read-only'})"
        for m in normalize_mounts(file_mounts, workspace_root, strict=False)
    ]
    if mounts or output_dir:
        text = "Files: open() and os work"
        text += f" on {', '.join(mounts)}" if mounts else " only under /output"
        if output_dir:
            text += "; files written to /output/ are returned with the result"
        lines.append(text + ".")
    domains = [_domain_text(d) for d in normalize_domains(allowed_domains)]
    if domains:
        lines.append(
            "Network: `import requests` (or `http`, the same API); requests.get(url, params=, headers=), "
            "requests.post(url, json=|data=) -> r.status_code, r.headers, r.text, r.json(); only "
            f"{', '.join(domains)}; anything else raises PermissionError."
        )
    return "\n".join(lines)


def build_codeact_instructions(*, tools_visible_to_model: bool, has_tools: bool = True) -> str:
    """The system instructions that go with the `execute_code` tool (whose description has the
    details). `tools_visible_to_model`: whether the sandbox tools are also direct tools."""
    text = "Use `execute_code` (see its description) to run Python; do a whole task in one program where you can."
    if has_tools:
        text += (
            " Some of its tools are also offered directly; prefer execute_code to combine calls with Python logic."
            if tools_visible_to_model
            else " Its host tools are reachable only from inside the code, through call_tool."
        )
    return text


def build_instructions(
    tools: Iterable[Any] = (),
    *,
    file_mounts: Iterable[Any] = (),
    allowed_domains: Iterable[Any] = (),
    timeout_seconds: float = 30.0,
    memory_mb: int = 64,
    output_dir: bool = True,
    workspace_root: Any = None,
    tools_visible_to_model: bool = False,
    tool_description_format: ToolDescriptionFormat = "compact",
) -> str:
    """The whole CodeAct text for a model driven without Agent Framework (instructions plus the
    tool description): how to use `execute_code`, the tools' signatures, the file mounts with
    their access mode, `/output`, and the allowed domains with their methods."""
    tools = list(tools)
    return "\n".join(
        [
            build_codeact_instructions(tools_visible_to_model=tools_visible_to_model, has_tools=bool(tools)),
            build_description(
                tools,
                file_mounts=file_mounts,
                allowed_domains=allowed_domains,
                timeout_seconds=timeout_seconds,
                memory_mb=memory_mb,
                output_dir=output_dir,
                workspace_root=workspace_root,
                tool_description_format=tool_description_format,
            ),
        ]
    )
