"""A deterministic offline chat client that plays the model in tests and benchmarks.

In CodeAct mode (the default), turn 1 answers with one `execute_code` call whose program does
the orders task (see benches/agent/orders.json) with five host tools:

    get_users() -> [{"id", "name", "region", "tier"}]
    get_orders(user_id) -> [{"product", "qty", "unit_price"}]
    get_discount_rate(tier) -> float
    get_tax_rate(region) -> float
    compute_line_total(qty, unit_price, discount_rate, tax_rate) -> float   (rounded to cents)

Turn 2, having read the function result, answers with the totals the program printed.

In traditional mode (`mode="traditional"`, the five tools given to the agent directly) it plays
a capable model that batches independent calls: turn 1 get_users; turn 2 get_orders for every
user, get_discount_rate for every distinct tier and get_tax_rate for every distinct region, in
one response; turn 3 compute_line_total for every order line, in one response; turn 4 the
answer. Each step is computed from the function results received so far, nothing is hard-coded.

Usage figures count o200k_base tokens (when `bpe_openai` is installed, else a
4-characters-per-token estimate): input is the request a Chat Completions API would receive
that turn (`chat_request`: system instructions, tool schemas and the whole message history, as
JSON), output is what the model writes (its text, or each call's name and JSON arguments).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from agent_framework import (
    BaseChatClient,
    ChatResponse,
    Content,
    FunctionInvocationLayer,
    Message,
)

__all__ = [
    "ORDERS_PROGRAM",
    "ORDERS_PROGRAM_GATHER",
    "ScriptedChatClient",
    "chat_request",
    "count_tokens",
    "format_answer",
]

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

# The same task with independent calls run concurrently (acall_tool + asyncio.gather), as a
# model writes it when the instructions say so: three rounds of calls instead of 26 in a row.
ORDERS_PROGRAM_GATHER = """\
import asyncio, json
async def main():
    users = await acall_tool("get_users")
    tiers = sorted({u["tier"] for u in users})
    regions = sorted({u["region"] for u in users})
    d, t, orders = await asyncio.gather(
        asyncio.gather(*(acall_tool("get_discount_rate", tier=x) for x in tiers)),
        asyncio.gather(*(acall_tool("get_tax_rate", region=x) for x in regions)),
        asyncio.gather(*(acall_tool("get_orders", user_id=u["id"]) for u in users)))
    discount, tax = dict(zip(tiers, d)), dict(zip(regions, t))
    async def user_total(u, lines):
        totals = await asyncio.gather(*(acall_tool("compute_line_total", qty=l["qty"], unit_price=l["unit_price"],
            discount_rate=discount[u["tier"]], tax_rate=tax[u["region"]]) for l in lines))
        return {"name": u["name"], "grand_total": round(sum(totals), 2)}
    results = await asyncio.gather(*(user_total(u, lines) for u, lines in zip(users, orders)))
    results.sort(key=lambda r: -r["grand_total"])
    print(json.dumps({"results": results, "total": round(sum(r["grand_total"] for r in results), 2)}))
asyncio.run(main())
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
                import bpe_openai  # type: ignore[import-untyped]

                _encoding = bpe_openai.get_encoding("o200k_base")
        except ImportError:
            _encoding = False
    return len(_encoding.encode(text)) if _encoding else (len(text) + 3) // 4


def _tool_specs(options: Mapping[str, Any]) -> list[dict[str, Any]]:
    specs = []
    for t in options.get("tools") or ():
        spec = getattr(t, "to_json_schema_spec", None)
        specs.append(spec() if spec else {"type": "function", "function": {"name": getattr(t, "name", str(t))}})
    return specs


def _arguments_json(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments or {})


def _content_text(content: Content) -> str:
    """What the model writes for one content: its text, or a call's name and JSON arguments."""
    if content.type == "text":
        return content.text or ""
    if content.type == "function_call":
        return f"{content.name}({_arguments_json(content.arguments)})"
    if content.type == "function_result":
        return str(content.result or "")
    return ""


def _output_tokens(contents: Sequence[Content]) -> int:
    total = 0
    for c in contents:
        if c.type == "function_call":
            total += count_tokens(c.name or "") + count_tokens(_arguments_json(c.arguments))
        else:
            total += count_tokens(_content_text(c))
    return total


def chat_request(messages: Sequence[Message], options: Mapping[str, Any]) -> dict[str, Any]:
    """The Chat Completions request body for one turn: system instructions, history, tool schemas."""
    wire: list[dict[str, Any]] = []
    instructions = options.get("instructions")
    if isinstance(instructions, str) and instructions:
        wire.append({"role": "system", "content": instructions})
    for m in messages:
        role = str(getattr(m.role, "value", m.role))
        texts = [c.text or "" for c in m.contents if c.type == "text"]
        calls = [c for c in m.contents if c.type == "function_call"]
        results = [c for c in m.contents if c.type == "function_result"]
        if calls:
            wire.append(
                {
                    "role": "assistant",
                    "content": "\n".join(texts) or None,
                    "tool_calls": [
                        {
                            "id": c.call_id,
                            "type": "function",
                            "function": {"name": c.name, "arguments": _arguments_json(c.arguments)},
                        }
                        for c in calls
                    ],
                }
            )
        elif results:
            wire += [{"role": "tool", "tool_call_id": c.call_id, "content": _content_text(c)} for c in results]
        elif texts:
            wire.append({"role": role, "content": "\n".join(texts)})
    request: dict[str, Any] = {"messages": wire}
    tools = _tool_specs(options)
    if tools:
        request["tools"] = tools
    return request


def format_answer(totals: Sequence[tuple[str, float]]) -> str:
    """The final answer both modes give: one `Name: total` line per user, highest first, then the sum."""
    rows = sorted(totals, key=lambda r: -r[1])
    lines = [f"{name}: {total:.2f}" for name, total in rows]
    return "Grand totals, highest first:\n" + "\n".join(lines) + f"\nTotal: {round(sum(t for _, t in rows), 2):.2f}"


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


def _traditional_step(messages: Sequence[Message]) -> list[tuple[str, dict[str, Any]]] | str:
    """The next batch of direct tool calls for the orders task, or the final answer.

    Reads the calls the model made and the results it got back from the history, like a model
    rereading its context; no numbers are known in advance.
    """
    made: list[tuple[str, str, dict[str, Any]]] = []  # (call_id, name, arguments), in order
    results: dict[str, Any] = {}
    for m in messages:
        for c in m.contents:
            if c.type == "function_call":
                args = c.arguments
                made.append(
                    (str(c.call_id), str(c.name), json.loads(args) if isinstance(args, str) else dict(args or {}))
                )
            elif c.type == "function_result":
                if c.exception is not None:
                    raise RuntimeError(f"tool call {c.call_id} failed: {c.exception}")
                raw = c.result
                results[str(c.call_id)] = json.loads(raw) if isinstance(raw, str) else raw

    def received(name: str) -> list[tuple[dict[str, Any], Any]]:
        return [(args, results[cid]) for cid, n, args in made if n == name and cid in results]

    users_seen = received("get_users")
    if not users_seen:
        return [("get_users", {})]
    users = users_seen[-1][1]
    orders = {args["user_id"]: lines for args, lines in received("get_orders")}
    discount = {args["tier"]: rate for args, rate in received("get_discount_rate")}
    tax = {args["region"]: rate for args, rate in received("get_tax_rate")}
    if not orders:
        batch: list[tuple[str, dict[str, Any]]] = [("get_orders", {"user_id": u["id"]}) for u in users]
        batch += [("get_discount_rate", {"tier": t}) for t in dict.fromkeys(u["tier"] for u in users)]
        batch += [("get_tax_rate", {"region": r}) for r in dict.fromkeys(u["region"] for u in users)]
        return batch
    plan = [
        (
            u["name"],
            (
                "compute_line_total",
                {
                    "qty": line["qty"],
                    "unit_price": line["unit_price"],
                    "discount_rate": discount[u["tier"]],
                    "tax_rate": tax[u["region"]],
                },
            ),
        )
        for u in users
        for line in orders[u["id"]]
    ]
    line_totals = received("compute_line_total")
    if not line_totals:
        return [call for _, call in plan]
    if len(line_totals) != len(plan):
        raise RuntimeError(f"expected {len(plan)} line totals, got {len(line_totals)}")
    sums: dict[str, float] = {u["name"]: 0.0 for u in users}
    for (name, (_, planned)), (args, total) in zip(plan, line_totals, strict=True):
        if args != planned:
            raise RuntimeError(f"line total arguments {args} do not match the plan {planned}")
        sums[name] += float(total)
    return format_answer([(name, round(total, 2)) for name, total in sums.items()])


class ScriptedChatClient(FunctionInvocationLayer[Any], BaseChatClient[Any]):
    """Plays a model that solves the orders task in one `execute_code` call, or with direct tools.

    The invocation layer comes first in the bases, or the framework would not run tool calls.
    `program` replaces the code sent on the first turn; `first_call=(name, arguments)` replaces
    the whole first call (to call a direct tool instead). `mode="traditional"` calls the five
    orders tools directly instead (see the module docstring). `tool_names` records, per turn,
    the names of the tools the model was offered; `turns` the input and output tokens per turn.
    """

    def __init__(
        self,
        *,
        program: str = ORDERS_PROGRAM,
        first_call: tuple[str, Mapping[str, Any]] | None = None,
        mode: Literal["codeact", "traditional"] = "codeact",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if mode not in ("codeact", "traditional"):
            raise ValueError(f"mode must be 'codeact' or 'traditional', not {mode!r}")
        self.mode = mode
        self.first_call = first_call or ("execute_code", {"code": program})
        self.calls = 0
        self.tool_names: list[list[str]] = []
        self.turns: list[dict[str, int]] = []

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
        if self.mode == "traditional":
            step = _traditional_step(messages)
            if isinstance(step, str):
                reply = Message(role="assistant", contents=[Content.from_text(step)])
            else:
                reply = Message(
                    role="assistant",
                    contents=[
                        Content.from_function_call(call_id=f"call_{self.calls}_{i}", name=name, arguments=args)
                        for i, (name, args) in enumerate(step)
                    ],
                )
        elif result is None:
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
        input_tokens = count_tokens(json.dumps(chat_request(messages, options)))
        output_tokens = _output_tokens(reply.contents)
        self.turns.append({"input_tokens": input_tokens, "output_tokens": output_tokens})
        return ChatResponse(
            messages=[reply],
            usage_details={
                "input_token_count": input_tokens,
                "output_token_count": output_tokens,
                "total_token_count": input_tokens + output_tokens,
            },
        )
