"""The Agent Framework integration end to end: provider, execute_code, approvals, scripted model."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

import pytest

agent_framework = pytest.importorskip("agent_framework")
from agent_framework import Agent, AgentResponse, tool  # noqa: E402

from bench import DATA, expected_totals  # noqa: E402
from hyperlight_codeact import HyperlightCodeActProvider, HyperlightExecuteCodeTool  # noqa: E402
from scripted_model import ORDERS_PROGRAM, ScriptedChatClient  # noqa: E402

CALLS: list[str] = []


def get_users() -> list[dict[str, Any]]:
    """List all users: id, name, region and tier."""
    CALLS.append("get_users")
    return list(DATA["users"])


def get_orders(user_id: Annotated[int, "A user's id from get_users()"]) -> list[dict[str, Any]]:
    """Order lines of one user: product, qty, unit_price."""
    CALLS.append("get_orders")
    return list(DATA["orders"][str(user_id)])


@tool
def get_discount_rate(tier: Annotated[Literal["gold", "silver", "bronze"], "The user's tier"]) -> float:
    """Discount rate (0 to 1) for a customer tier."""
    CALLS.append("get_discount_rate")
    return float(DATA["discount_rate"][tier])


async def get_tax_rate(region: Annotated[str, "Region code: EU, US or APAC"]) -> float:
    """Sales tax rate (0 to 1) for a region."""
    await asyncio.sleep(0)
    CALLS.append("get_tax_rate")
    return float(DATA["tax_rate"][region])


def compute_line_total(qty: int, unit_price: float, discount_rate: float, tax_rate: float) -> float:
    """Line total: qty * unit_price * (1 - discount_rate) * (1 + tax_rate), rounded to cents."""
    CALLS.append("compute_line_total")
    return round(qty * unit_price * (1 - discount_rate) * (1 + tax_rate), 2)


FIVE_TOOLS = [get_users, get_orders, get_discount_rate, get_tax_rate, compute_line_total]


def run(agent: Agent, prompt: str = "Compute every user's grand total.") -> AgentResponse:
    return asyncio.run(agent.run(prompt))


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    CALLS.clear()


@pytest.mark.needs_vm
def test_orders_task_in_one_execute_code_call() -> None:
    client = ScriptedChatClient()
    agent = Agent(client=client, context_providers=[HyperlightCodeActProvider(tools=FIVE_TOOLS)])
    response = run(agent)

    calls = [c for m in response.messages for c in m.contents if c.type == "function_call"]
    assert [c.name for c in calls] == ["execute_code"]
    assert client.tool_names[0] == ["execute_code"]  # provider tools only reachable through code
    assert set(CALLS) == {"get_users", "get_orders", "get_discount_rate", "get_tax_rate", "compute_line_total"}
    assert CALLS.count("get_orders") == 8 and CALLS.count("compute_line_total") == 11

    expected = expected_totals()
    lines = [f"{name}: {total:.2f}" for name, total in expected.items()]
    assert response.text.splitlines()[1:] == [*lines, f"Total: {sum(expected.values()):.2f}"]
    assert lines[0] == "Diana: 104.40" and lines[-1] == "Bob: 9.71"
    assert response.text.endswith("Total: 334.15")
    usage = response.usage_details or {}
    assert usage["total_token_count"] == usage["input_token_count"] + usage["output_token_count"] > 0


@pytest.mark.needs_vm
def test_execute_code_result_is_content_like_the_reference() -> None:
    tool_ = HyperlightExecuteCodeTool(tools=FIVE_TOOLS, include_detailed_errors=True)
    program = (
        "import sys\n"
        "print(call_tool('get_tax_rate', region='EU'))\n"
        "try:\n    call_tool('get_tax_rate', region='MARS')\nexcept KeyError as e:\n    print('caught')\n"
        "print('careful', file=sys.stderr)\n"
        "1/0\n"
    )
    out, error = asyncio.run(tool_.invoke(arguments={"code": program}))
    assert out.type == "text" and out.text == "0.21\ncaught\n"
    assert error.type == "error" and error.message == "Execution error"
    details = error.error_details or ""
    assert details.startswith("careful\nTraceback (most recent call last):"), details
    assert details.endswith("ZeroDivisionError: division by zero"), details
    assert details.count("ZeroDivisionError") == 1  # the traceback once
    figures = out.raw_representation
    assert figures["exception_type"] == "ZeroDivisionError" and figures["exit_code"] == 1
    assert [c["outcome"] for c in figures["tool_calls"]] == ["ok", "error"]


@pytest.mark.needs_vm
def test_success_stderr_is_a_second_text_and_silence_is_reported() -> None:
    tool_ = HyperlightExecuteCodeTool()
    out, err = asyncio.run(tool_.invoke(arguments={"code": "import sys\nprint('a')\nprint('w', file=sys.stderr)"}))
    assert (out.type, out.text, err.type, err.text) == ("text", "a\n", "text", "w\n")
    [only] = asyncio.run(tool_.invoke(arguments={"code": "x = 1"}))
    assert only.type == "text" and only.text == "Code executed successfully without output."
    [exit_error] = asyncio.run(tool_.invoke(arguments={"code": "import sys\nsys.exit(3)"}))
    assert exit_error.type == "error" and "exited with code 3" in (exit_error.error_details or "")


@pytest.mark.needs_vm
def test_output_files_are_data_contents_with_their_path() -> None:
    tool_ = HyperlightExecuteCodeTool()
    code = (
        "open('/output/totals.csv', 'w').write('a,1\\n')\nopen('/output/big.bin', 'wb').write(b'x' * 64)\nprint('done')"
    )
    text, data, note = asyncio.run(HyperlightExecuteCodeTool(max_output_file_bytes=32).invoke(arguments={"code": code}))
    assert text.text == "done\n"
    assert data.type == "data" and data.media_type == "text/csv" and data.uri.startswith("data:text/csv")
    assert data.additional_properties["path"] == "/output/totals.csv"
    # The file over the per-file limit is named, not returned.
    assert note.type == "text" and "/output/big.bin" in (note.text or "")
    assert "32 bytes each" in (note.text or "") and "/output/big.bin" in (note.text or "")
    assert len(asyncio.run(tool_.invoke(arguments={"code": code}))) == 3  # both files, default limits


@pytest.mark.needs_vm
def test_async_tool_is_awaited() -> None:
    tool_ = HyperlightExecuteCodeTool(tools=[get_tax_rate])
    [content] = asyncio.run(tool_.invoke(arguments={"code": "print(call_tool('get_tax_rate', region='APAC'))"}))
    assert content.text == "0.1\n"
    assert CALLS == ["get_tax_rate"]


def test_approval_required_returns_a_request_instead_of_running() -> None:
    provider = HyperlightCodeActProvider(tools=FIVE_TOOLS[:3], approval_mode="always_require")
    response = run(Agent(client=ScriptedChatClient(), context_providers=[provider]))
    [request] = response.user_input_requests
    assert request.type == "function_approval_request"
    assert request.function_call.name == "execute_code"
    assert request.function_call.parse_arguments() == {"code": ORDERS_PROGRAM}
    assert CALLS == []


def test_a_provider_tool_needing_approval_gates_execute_code() -> None:
    guarded = tool(approval_mode="always_require")(get_users)
    provider = HyperlightCodeActProvider(tools=[guarded, get_orders])
    assert provider.execute_code.approval_mode == "always_require"
    response = run(Agent(client=ScriptedChatClient(), context_providers=[provider]))
    assert [r.function_call.name for r in response.user_input_requests] == ["execute_code"]
    assert CALLS == []


def test_agent_tool_keeps_its_own_approval_mode() -> None:
    # A tool given only to the agent is a direct tool: it runs without gating execute_code.
    args = {"qty": 2, "unit_price": 1.5, "discount_rate": 0, "tax_rate": 0}
    client = ScriptedChatClient(first_call=("compute_line_total", args))
    provider = HyperlightCodeActProvider(tools=[get_users])
    guarded = tool(approval_mode="always_require")(get_orders)
    response = run(Agent(client=client, tools=[compute_line_total, guarded], context_providers=[provider]))
    assert provider.execute_code.approval_mode == "never_require"
    assert response.text == "3.0"
    assert sorted(client.tool_names[0]) == ["compute_line_total", "execute_code", "get_orders"]


@pytest.mark.needs_vm
def test_tool_on_both_provider_and_agent_is_reachable_both_ways() -> None:
    direct = ScriptedChatClient(first_call=("get_tax_rate", {"region": "US"}))
    provider = HyperlightCodeActProvider(tools=[get_tax_rate])
    response = run(Agent(client=direct, tools=[get_tax_rate], context_providers=[provider]))
    assert response.text == "0.08"
    assert sorted(direct.tool_names[0]) == ["execute_code", "get_tax_rate"]

    via_code = ScriptedChatClient(program="print(call_tool('get_tax_rate', region='EU'))")
    response = run(Agent(client=via_code, tools=[get_tax_rate], context_providers=[provider]))
    assert response.text.startswith("0.21")
    assert CALLS == ["get_tax_rate", "get_tax_rate"]


@pytest.mark.needs_vm
def test_timeout_is_an_error_content_naming_the_limit() -> None:
    tool_ = HyperlightExecuteCodeTool(execution_timeout_seconds=1)
    [content] = asyncio.run(tool_.invoke(arguments={"code": "print(6 * 7)"}))
    assert content.text == "42\n"
    [content] = asyncio.run(tool_.invoke(arguments={"code": "while True:\n    pass"}))
    assert content.type == "error" and content.message == "Execution error"
    assert "1 s execution timeout" in (content.error_details or "")
    assert HyperlightExecuteCodeTool(timeout_seconds=2).execution_timeout_seconds == 2.0
    assert HyperlightExecuteCodeTool().execution_timeout_seconds == 30.0


def test_provider_adds_instructions_and_a_run_tool_every_run() -> None:
    provider = HyperlightCodeActProvider(tools=FIVE_TOOLS, execution_timeout_seconds=10, memory_mb=128)
    assert "10 s and 128 MB" in provider.execute_code.description
    for name in ("get_users", "get_orders", "get_discount_rate", "get_tax_rate", "compute_line_total"):
        assert f"- {name}(" in provider.execute_code.description
    seen: list[tuple[str, str]] = []

    class Recording(ScriptedChatClient):
        async def _respond(self, messages: Any, options: Any) -> Any:
            [run_tool] = [t for t in options.get("tools") or () if t.name == "execute_code"]
            seen.append((options.get("instructions") or "", run_tool.description))
            return await super()._respond(messages, options)

    agent = Agent(client=Recording(first_call=("nothing", {})), context_providers=[provider])
    run(agent)
    provider.remove_tool("get_users")
    run(agent)
    assert len(seen) >= 2
    assert all(provider.build_instructions() in instructions for instructions, _ in seen)
    assert "- get_users(" in seen[0][1] and "- get_users(" not in seen[-1][1]


def test_guest_crash_is_an_error_content_naming_the_cause() -> None:
    # No program is known to crash the guest, so the crash comes from the sandbox's place in
    # the tool's cache: what matters here is how GuestError reaches the model.
    from hyperlight_codeact import GuestError

    class Crashing:
        async def run_async(self, code: str) -> Any:
            raise GuestError("the guest stopped: page fault at 0x0")

    tool_ = HyperlightExecuteCodeTool()
    tool_._sandboxes.get(tool_._config_key(), Crashing)  # type: ignore[arg-type]
    [content] = asyncio.run(tool_.invoke(arguments={"code": "print(1)"}))
    assert content.type == "error" and content.message == "Execution error"
    assert content.error_details == "The sandbox guest crashed: the guest stopped: page fault at 0x0"
