"""The CodeAct instructions built from tool signatures: content and token budget (no VM needed)."""

from __future__ import annotations

import json
import warnings
from typing import Annotated, Any, Literal

import pytest

from hyperlight_codeact.instructions import build_instructions, tool_signature

agent_framework = pytest.importorskip("agent_framework")
from agent_framework import tool  # noqa: E402

from hyperlight_codeact import HyperlightExecuteCodeTool  # noqa: E402


def get_users() -> list[dict[str, Any]]:
    """List all users: id, name, region and tier.

    The list is short; call it once.
    """
    return []


def get_orders(user_id: Annotated[int, "A user's id from get_users()"]) -> list[dict[str, Any]]:
    """Order lines of one user: product, qty, unit_price."""
    return []


@tool
def get_discount_rate(tier: Annotated[Literal["gold", "silver", "bronze"], "The user's tier"]) -> float:
    """Discount rate (0 to 1) for a customer tier."""
    return 0.0


@tool(approval_mode="always_require")
async def get_tax_rate(region: Annotated[str, "Region code: EU, US or APAC"]) -> float:
    """Sales tax rate (0 to 1) for a region."""
    return 0.0


def compute_line_total(
    qty: int, unit_price: float, discount_rate: float = 0.0, tax_rate: float = 0.0, currency: str | None = None
) -> float:
    """Line total: qty * unit_price * (1 - discount_rate) * (1 + tax_rate), rounded to cents."""
    return 0.0


FIVE_TOOLS = [get_users, get_orders, get_discount_rate, get_tax_rate, compute_line_total]


def test_tool_signatures_show_types_defaults_allowed_values_and_descriptions() -> None:
    assert tool_signature(get_users) == (
        "- get_users() -> list[dict[str, Any]]: List all users: id, name, region and tier."
    )
    assert tool_signature(get_orders) == (
        "- get_orders(user_id: int) -> list[dict[str, Any]]: Order lines of one user: product, qty, unit_price.\n"
        "    user_id: A user's id from get_users()"
    )
    assert tool_signature(get_discount_rate).startswith(
        "- get_discount_rate(tier: 'gold'|'silver'|'bronze') -> float: Discount rate (0 to 1)"
    )
    line = tool_signature(compute_line_total).splitlines()[0]
    assert "discount_rate: float = 0.0" in line
    assert "currency: str|None = None" in line
    assert line.endswith("rounded to cents.")


def test_async_tool_shows_its_awaited_return_type() -> None:
    assert tool_signature(get_tax_rate).startswith("- get_tax_rate(region: str) -> float: Sales tax rate")


def test_function_tool_with_json_schema_input_model() -> None:
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "Product name"},
            "fields": {"type": "array", "items": {"type": "string"}, "default": []},
        },
        "required": ["name"],
    }
    t = agent_framework.FunctionTool(name="get_product", description="One product.", func=None, input_model=schema)
    assert tool_signature(t) == "- get_product(name: str, fields: list[str] = []): One product.\n    name: Product name"


def test_instructions_mention_call_tool_limits_interpreter_mounts_and_domains() -> None:
    text = build_instructions(
        FIVE_TOOLS,
        file_mounts=[("/srv/data", "/data", "ro"), ("/tmp/out", "/out", "rw")],
        allowed_domains=["pypi.org", ("api.example.com", ["get", "post"])],
        timeout_seconds=5,
        memory_mb=32,
    )
    for needle in (
        "execute_code",
        'call_tool("name", **kwargs)',
        "acall_tool",
        "asyncio.gather",
        "ToolError",
        "JSON-like",
        "5 s and 32 MB",
        "MicroPython",
        "`match` included",
        "datetime collections itertools",
        "/data (read-only)",
        "/out (read-write)",
        "pypi.org",
        "api.example.com (GET, POST)",
        "The user's tier",
        "Region code: EU, US or APAC",
    ):
        assert needle in text, needle
    for t in ("get_users", "get_orders", "get_discount_rate", "get_tax_rate", "compute_line_total"):
        assert f"- {t}(" in text
    # Only the docstring's summary line is paid for on every turn.
    assert "call it once" not in text


def test_instructions_without_tools_mounts_or_domains_stay_minimal() -> None:
    text = build_instructions([], output_dir=False)
    assert "call_tool" not in text and "Files:" not in text and "Network:" not in text
    assert "30 s and 64 MB" in text
    # By default each run has a writable /output whose files come back.
    assert "only under /output" in build_instructions([])


def test_instructions_accept_file_mount_and_allowed_domain_objects() -> None:
    from hyperlight_codeact import AllowedDomain, FileMount

    text = build_instructions(
        file_mounts=[
            FileMount("/srv/models", "/models"),
            FileMount("/srv/scratch", "/scratch", writable=True),
            "/srv/in",
        ],
        allowed_domains=[AllowedDomain("*.example.com", ("GET",)), AllowedDomain("api.github.com")],
        workspace_root="/srv/ws",
    )
    for needle in (
        "/input (read-only)",
        "/models (read-only)",
        "/scratch (read-write)",
        "/srv/in (read-only)",
        "/output/",
        "*.example.com (GET)",
        "api.github.com (any method)",
        "requests.get(",
        "PermissionError",
    ):
        assert needle in text, needle
    assert "/srv/models" not in text, "host paths are not shown to the model"


def test_execute_code_tool_schema_and_approval() -> None:
    plain = HyperlightExecuteCodeTool(tools=[get_users])
    assert plain.name == "execute_code"
    assert plain.approval_mode == "never_require"
    assert plain.parameters()["required"] == ["code"]
    assert list(plain.parameters()["properties"]) == ["code"]
    assert HyperlightExecuteCodeTool(tools=[get_users], approval_mode="always_require").approval_mode == (
        "always_require"
    )
    # One provider tool that needs approval makes every run need it: the code may call it.
    assert HyperlightExecuteCodeTool(tools=FIVE_TOOLS).approval_mode == "always_require"


def test_five_tool_prompt_fits_in_1000_o200k_tokens() -> None:
    pytest.importorskip("bpe_openai")
    with warnings.catch_warnings():  # bpe_openai uses a deprecated importlib.resources call
        warnings.simplefilter("ignore", DeprecationWarning)
        import bpe_openai

        encoding = bpe_openai.get_encoding("o200k_base")
    execute_code = HyperlightExecuteCodeTool(tools=FIVE_TOOLS)
    instructions = execute_code.build_instructions()
    tool_spec = json.dumps(execute_code.to_json_schema_spec())
    tokens = len(encoding.encode(instructions)) + len(encoding.encode(tool_spec))
    assert tokens < 1000, tokens


@pytest.mark.needs_vm
def test_every_module_the_instructions_name_imports_in_the_guest() -> None:
    from hyperlight_codeact import Sandbox
    from hyperlight_codeact.instructions import GUEST_MODULES

    code = f"for m in {GUEST_MODULES!r}:\n    __import__(m)\nprint('ok')"
    r = Sandbox().run(code)
    assert r.stdout == "ok\n", r.error
    # and an unlisted one is refused by name, as the instructions say
    r = Sandbox().run("import numpy")
    assert r.exception_type == "ModuleNotFoundError" and "'numpy'" in (r.error or "")
