"""A deterministic offline chat client that plays the model in tests and benchmarks.

Turn 1 answers with one `execute_code` call whose program does the orders task (see
tests/data/orders.json) with five host tools:

    get_users() -> [{"id", "name", "region", "tier"}]
    get_orders(user_id) -> [{"product", "qty", "unit_price"}]
    get_discount_rate(tier) -> float
    get_tax_rate(region) -> float
    compute_line_total(qty, unit_price, discount_rate, tax_rate) -> float   (rounded to cents)

Turn 2, having read the function result, answers with the totals the program printed. Usage
figures count o200k_base tokens of what a real model would read and write (instructions, tool
schemas, messages) when `bpe_openai` is installed, else a 4-characters-per-token estimate.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from agent_framework import (
    BaseChatClient,
    ChatResponse,
    Content,
    FunctionInvocationLayer,
    Message,
)

__all__ = ["ORDERS_PROGRAM", "ScriptedChatClient", "count_tokens"]

ORDERS_PROGRAM = """\
import json
users = call_tool("get_users")
discount = {}
tax = {}
results = []
for u in users:
    tier, region = u["tier"], u["region"]
    if tier not in discount:
        discount[tier] = call_tool("get_discount_rate", tier=tier)
    if region not in tax:
        tax[region] = call_tool("get_tax_rate", region=region)
    total = 0.0
    for line in call_tool("get_orders", user_id=u["id"]):
        total += call_tool("compute_line_total", qty=line["qty"], unit_price=line["unit_price"],
                           discount_rate=discount[tier], tax_rate=tax[region])
    results.append({"name": u["name"], "grand_total": round(total, 2)})
results.sort(key=lambda r: -r["grand_total"])
print(json.dumps({"results": results, "total": round(sum(r["grand_total"] for r in results), 2)}))
"""

_encoding: Any = None


def count_tokens(text: str) -> int:
    """o200k_base tokens in `text` (approximate when bpe_openai is missing)."""
    global _encoding
    if _encoding is None:
        try:
            # bpe_openai loads its tables with a deprecated importlib.resources call.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                import bpe_openai

                _encoding = bpe_openai.get_encoding("o200k_base")
        except ImportError:
            _encoding = False
    return len(_encoding.encode(text)) if _encoding else (len(text) + 3) // 4


def _tool_specs(options: Mapping[str, Any]) -> str:
    specs = []
    for t in options.get("tools") or ():
        spec = getattr(t, "to_json_schema_spec", None)
        specs.append(spec() if spec else {"name": getattr(t, "name", str(t))})
    return json.dumps(specs) if specs else ""


def _content_text(content: Content) -> str:
    if content.type == "text":
        return content.text or ""
    if content.type == "function_call":
        args = content.arguments
        return f"{content.name}({args if isinstance(args, str) else json.dumps(args)})"
    if content.type == "function_result":
        return str(content.result or "")
    return ""


def _last_result(messages: Sequence[Message]) -> str | None:
    """The text of the newest function result, if the newest message carries one."""
    if not messages:
        return None
    for content in messages[-1].contents:
        if content.type == "function_result":
            return str(content.result or "")
    return None


def _answer_from(result_text: str) -> str:
    """The final answer: the printed totals, else the function result as it came."""
    for line in result_text.splitlines():
        if line.startswith("{"):
            try:
                data = json.loads(line)
            except ValueError:
                continue
            rows = [f"{r['name']}: {r['grand_total']:.2f}" for r in data["results"]]
            return "Grand totals, highest first:\n" + "\n".join(rows) + f"\nTotal: {data['total']:.2f}"
    return result_text


class ScriptedChatClient(FunctionInvocationLayer[Any], BaseChatClient[Any]):
    """Plays a model that solves the orders task in one `execute_code` call.

    The invocation layer comes first in the bases, or the framework would not run tool calls.
    `program` replaces the code sent on the first turn; `first_call=(name, arguments)` replaces
    the whole first call (to call a direct tool instead). `tool_names` records, per turn, the
    names of the tools the model was offered.
    """

    def __init__(
        self,
        *,
        program: str = ORDERS_PROGRAM,
        first_call: tuple[str, Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.first_call = first_call or ("execute_code", {"code": program})
        self.calls = 0
        self.tool_names: list[list[str]] = []

    def _inner_get_response(
        self,
        *,
        messages: Sequence[Message],
        stream: bool,
        options: Mapping[str, Any],
        **kwargs: Any,
    ) -> Any:
        if stream:
            raise NotImplementedError("ScriptedChatClient does not stream")
        return self._respond(messages, options)

    async def _respond(self, messages: Sequence[Message], options: Mapping[str, Any]) -> ChatResponse:
        self.calls += 1
        self.tool_names.append([str(getattr(t, "name", t)) for t in options.get("tools") or ()])
        result = _last_result(messages)
        if result is None:
            reply = Message(
                role="assistant",
                contents=[
                    Content.from_function_call(
                        call_id=f"call_{self.calls}", name=self.first_call[0], arguments=dict(self.first_call[1])
                    )
                ],
            )
        else:
            reply = Message(role="assistant", contents=[Content.from_text(_answer_from(result))])
        instructions = options.get("instructions")
        seen = [instructions if isinstance(instructions, str) else "", _tool_specs(options)]
        seen += [_content_text(c) for m in messages for c in m.contents]
        input_tokens = sum(count_tokens(s) for s in seen if s)
        output_tokens = sum(count_tokens(_content_text(c)) for c in reply.contents)
        return ChatResponse(
            messages=[reply],
            usage_details={
                "input_token_count": input_tokens,
                "output_token_count": output_tokens,
                "total_token_count": input_tokens + output_tokens,
            },
        )
