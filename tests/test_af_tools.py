"""call_tool through Agent Framework's own tool machinery (FunctionTool.invoke), in real micro-VMs.

Written from agent-framework-core's documented FunctionTool behaviour: schema validation and
coercion, pydantic-model parameters, max_invocations / invocation_count, context injection,
function middleware, raw results (no result_parser on the sandbox path); sync and async.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import pytest

from hyperlight_codeact import Sandbox

agent_framework = pytest.importorskip("agent_framework")
from agent_framework import Agent, FunctionInvocationContext, function_middleware, tool  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from hyperlight_codeact import HyperlightCodeActProvider, HyperlightExecuteCodeTool  # noqa: E402
from scripted_model import ScriptedChatClient  # noqa: E402

pytestmark = pytest.mark.needs_vm


@tool
def double(n: int) -> int:
    """Twice n."""
    return n * 2


class Point(BaseModel):
    x: int
    y: int


@tool
def manhattan(p: Point) -> int:
    """|x| + |y| of a point."""
    return abs(p.x) + abs(p.y)


@tool(max_invocations=2)
def limited() -> str:
    """Usable twice."""
    return "ok"


@tool(result_parser=lambda value: f"parsed {value}")
def parsed() -> dict[str, int]:
    """A tool whose result_parser is for the model only."""
    return {"a": 1}


@tool
async def async_double(n: int) -> int:
    """Twice n, awaited."""
    await asyncio.sleep(0)
    return n * 2


def plain_add(a: int, b: int) -> int:
    """a + b (a plain function, wrapped as a FunctionTool)."""
    return a + b


class Secret(Exception):
    pass


def leaky(key: str) -> str:
    """Fails with a message that must not reach the code by default."""
    raise Secret(f"password for {key} is hunter2")


def run_tool(tool_: HyperlightExecuteCodeTool, code: str) -> list[Any]:
    return list(asyncio.run(tool_.invoke(arguments={"code": code})))


def stdout(tool_: HyperlightExecuteCodeTool, code: str) -> str:
    contents = run_tool(tool_, code)
    assert contents[0].type == "text", [(c.type, c.text, getattr(c, "error_details", None)) for c in contents]
    return contents[0].text or ""


def test_arguments_are_validated_and_coerced_by_the_schema() -> None:
    execute = HyperlightExecuteCodeTool(tools=[double, manhattan, plain_add])
    out = stdout(
        execute,
        "print(call_tool('double', n='3'))\n"  # '3' -> 3, so 6 (a raw call would give '33')
        "print(call_tool('manhattan', p={'x': 1, 'y': -2}))\n"  # a pydantic model built from a dict
        "print(call_tool('plain_add', a='2', b=3))\n"  # plain callables are FunctionTools too
        "try:\n    call_tool('double', n='three')\nexcept TypeError as e:\n    print('refused:', e)\n",
    )
    lines = out.splitlines()
    assert lines[:3] == ["6", "3", "5"]
    assert lines[3].startswith("refused:") and "double" in lines[3]


def test_the_bare_sandbox_calls_function_tools_through_invoke_too() -> None:
    sandbox = Sandbox(tools=[double, plain_add])
    r = sandbox.run("print(call_tool('double', n='4'), call_tool('plain_add', a=1, b=2))")
    assert r.stdout == "8 3\n", r.error


def test_async_runs_and_sync_runs_both_use_invoke() -> None:
    execute = HyperlightExecuteCodeTool(tools=[async_double, double])
    assert stdout(execute, "print(call_tool('async_double', n='5'), call_tool('double', n='1'))") == "10 2\n"
    r = Sandbox(tools=[async_double]).run("print(call_tool('async_double', n='6'))")
    assert r.stdout == "12\n", r.error


def test_max_invocations_and_invocation_count() -> None:
    limited.invocation_count = 0
    execute = HyperlightExecuteCodeTool(tools=[limited], include_detailed_errors=True)
    out = stdout(
        execute,
        "for i in range(3):\n"
        "    try:\n        print(call_tool('limited'))\n"
        "    except Exception as e:\n        print('error:', e)\n",
    )
    ok1, ok2, third = out.splitlines()
    assert (ok1, ok2) == ("ok", "ok")
    assert "maximum invocation limit" in third
    assert limited.invocation_count == 2


def test_results_come_back_raw_without_the_result_parser() -> None:
    execute = HyperlightExecuteCodeTool(tools=[parsed])
    assert stdout(execute, "r = call_tool('parsed')\nprint(type(r).__name__, r['a'])") == "dict 1\n"


def test_tool_errors_are_redacted_unless_include_detailed_errors() -> None:
    # The type arrives either way (call_tool and acall_tool alike); the message only on request.
    code = (
        "import asyncio\n"
        "for f in (lambda: call_tool('leaky', key='db'), lambda: asyncio.run(acall_tool('leaky', key='db'))):\n"
        "    try:\n        f()\n    except ToolError:\n        print('ToolError')\n"
        "    except Exception as e:\n        print(repr(e))\n"
    )
    hidden = stdout(HyperlightExecuteCodeTool(tools=[leaky]), code)
    assert hidden == "Exception('tool \"leaky\" failed (details withheld)')\n" * 2, hidden
    shown = stdout(HyperlightExecuteCodeTool(tools=[leaky], include_detailed_errors=True), code)
    assert shown == "Exception('password for db is hunter2')\n" * 2, shown


def test_a_context_parameter_is_injected() -> None:
    seen: list[Any] = []

    @tool
    def who(ctx: FunctionInvocationContext, name: str) -> str:
        """Echo the invoked function's name."""
        seen.append(ctx)
        return f"{ctx.function.name}:{name}"

    assert stdout(HyperlightExecuteCodeTool(tools=[who]), "print(call_tool('who', name='x'))") == "who:x\n"
    assert isinstance(seen[0], FunctionInvocationContext)


def test_agent_function_middleware_sees_each_call_tool() -> None:
    log: list[tuple[str, Any]] = []

    @function_middleware
    async def record(context: FunctionInvocationContext, call_next: Callable[[], Awaitable[None]]) -> None:
        log.append(("before", context.function.name))
        await call_next()
        if context.function.name == "double":
            context.result = context.result + 1  # middleware may change what the code receives
        log.append(("after", context.function.name))

    provider = HyperlightCodeActProvider(tools=[double])
    client = ScriptedChatClient(program="print(call_tool('double', n=20))")
    response = asyncio.run(Agent(client=client, context_providers=[provider], middleware=[record]).run("go"))
    assert response.text.startswith("41"), response.text
    assert log == [
        ("before", "execute_code"),
        ("before", "double"),
        ("after", "double"),
        ("after", "execute_code"),
    ]


PROGRAM = "print(sum(call_tool('async_double', n=i) for i in range({})))"


def test_concurrent_tool_calls_from_concurrent_runs() -> None:
    execute = HyperlightExecuteCodeTool(tools=[async_double, double])

    async def main() -> list[list[Any]]:
        return list(await asyncio.gather(*[execute.invoke(arguments={"code": PROGRAM.format(k)}) for k in range(1, 6)]))

    results = asyncio.run(main())
    assert [r[0].text for r in results] == [f"{sum(2 * i for i in range(k))}\n" for k in range(1, 6)]


def test_annotated_descriptions_reach_the_model() -> None:
    @tool
    def rate(region: Annotated[str, "Region code: EU, US or APAC"]) -> float:
        """Sales tax rate."""
        return 0.1

    description = HyperlightExecuteCodeTool(tools=[rate]).description
    assert "- rate(region: str) -> float: Sales tax rate." in description
    assert "region: Region code: EU, US or APAC" in description


def test_standalone_tool_takes_function_middleware() -> None:
    seen: list[tuple[str, Any]] = []

    @function_middleware
    async def record(context: FunctionInvocationContext, call_next: Callable[[], Awaitable[None]]) -> None:
        seen.append((context.function.name, dict(context.arguments)))
        await call_next()

    execute = HyperlightExecuteCodeTool(tools=[double], function_middleware=[record])
    assert stdout(execute, "print(call_tool('double', n=4))") == "8\n"
    assert seen == [("double", {"n": 4})]
    assert execute.create_run_tool().function_middleware == (record,)


def test_provider_runs_reuse_the_sandbox_of_an_unchanged_configuration() -> None:
    provider = HyperlightCodeActProvider(tools=[double])
    agent = Agent(client=ScriptedChatClient(program="print(call_tool('double', n=1))"), context_providers=[provider])
    for _ in range(2):
        assert asyncio.run(agent.run("go")).text.startswith("2")
    cache = provider.execute_code._sandboxes
    assert len(cache._entries) == 1  # two run tools, one sandbox
    provider.add_tools(async_double)
    client = ScriptedChatClient(program="print(call_tool('async_double', n=1))")
    agent = Agent(client=client, context_providers=[provider])
    assert asyncio.run(agent.run("go")).text.startswith("2")
    assert len(cache._entries) == 2


def test_inner_calls_get_the_agent_runs_session() -> None:
    sessions: list[Any] = []

    @tool
    def whoami(ctx: FunctionInvocationContext) -> str:
        """The session id of the run."""
        sessions.append(ctx.session)
        return "me"

    provider = HyperlightCodeActProvider(tools=[whoami])
    agent = Agent(client=ScriptedChatClient(program="print(call_tool('whoami'))"), context_providers=[provider])
    session = agent.create_session()
    assert asyncio.run(agent.run("go", session=session)).text.startswith("me")
    assert sessions and sessions[0] is not None
    assert sessions[0].session_id == session.session_id
