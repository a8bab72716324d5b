"""OpenTelemetry: each call_tool is an `execute_tool <name>` span under `execute_tool execute_code`.

The run executes on a worker thread and async tools are awaited on the caller's loop; the span
context follows the run there (real micro-VMs, opentelemetry-sdk's in-memory exporter).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from hyperlight_codeact import Sandbox

pytest.importorskip("agent_framework")
pytest.importorskip("opentelemetry.sdk")
from agent_framework import Agent, tool  # noqa: E402
from agent_framework.observability import enable_instrumentation  # noqa: E402
from opentelemetry import trace  # noqa: E402
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter  # noqa: E402

from hyperlight_codeact import HyperlightCodeActProvider, HyperlightExecuteCodeTool  # noqa: E402
from scripted_model import ScriptedChatClient  # noqa: E402

pytestmark = pytest.mark.needs_vm

_EXPORTER = InMemorySpanExporter()


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    current = trace.get_tracer_provider()
    if not isinstance(current, TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(_EXPORTER))
        trace.set_tracer_provider(provider)  # global, once per process
    enable_instrumentation()
    _EXPORTER.clear()
    yield _EXPORTER
    _EXPORTER.clear()


@tool
def double(n: int) -> int:
    """Twice n."""
    return n * 2


@tool
async def triple(n: int) -> int:
    """Three times n."""
    await asyncio.sleep(0)
    return n * 3


def by_name(finished: tuple[ReadableSpan, ...], name: str) -> list[ReadableSpan]:
    return [s for s in finished if s.name == name]


def test_span_tree_of_an_agent_run(spans: InMemorySpanExporter) -> None:
    provider = HyperlightCodeActProvider(tools=[double, triple])
    program = "print(call_tool('double', n=2), call_tool('triple', n='3'), call_tool('double', n=5))"
    client = ScriptedChatClient(program=program)
    response = asyncio.run(Agent(client=client, context_providers=[provider]).run("go"))
    assert response.text.startswith("4 9 10"), response.text

    finished = spans.get_finished_spans()
    [execute_code] = by_name(finished, "execute_tool execute_code")
    inner = by_name(finished, "execute_tool double") + by_name(finished, "execute_tool triple")
    assert len(inner) == 3
    assert execute_code.parent is not None  # itself under the agent's spans
    for span in inner:
        assert span.parent is not None and span.parent.span_id == execute_code.context.span_id
        assert span.context.trace_id == execute_code.context.trace_id
        assert span.attributes["gen_ai.tool.name"] in ("double", "triple")


def test_span_tree_of_a_direct_invoke_and_of_a_sync_run(spans: InMemorySpanExporter) -> None:
    execute = HyperlightExecuteCodeTool(tools=[double])
    asyncio.run(execute.invoke(arguments={"code": "call_tool('double', n=1)"}))
    [execute_code] = by_name(spans.get_finished_spans(), "execute_tool execute_code")
    [inner] = by_name(spans.get_finished_spans(), "execute_tool double")
    assert inner.parent is not None and inner.parent.span_id == execute_code.context.span_id
    spans.clear()

    # A plain synchronous Sandbox.run inside the caller's span: the tool's span is its child.
    tracer = trace.get_tracer("test")
    with tracer.start_as_current_span("outer") as outer:
        r = Sandbox(tools=[double, triple]).run("print(call_tool('double', n=3), call_tool('triple', n=1))")
    assert r.stdout == "6 3\n", r.error
    for name in ("execute_tool double", "execute_tool triple"):
        [span] = by_name(spans.get_finished_spans(), name)
        assert span.parent is not None and span.parent.span_id == outer.get_span_context().span_id
