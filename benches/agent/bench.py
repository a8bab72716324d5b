"""CodeAct vs traditional tool calling on the orders task: tokens, model turns and time.

    python benches/agent/bench.py [--runs N] [--tool-latency-ms MS] [--json PATH] [--chart PATH.png]

The orders task of orders.json (next to this file) runs through `Agent.run` twice, with the same prompt, the
same five tools and the same answer: once with the tools given to the agent directly
(traditional) and once through `HyperlightCodeActProvider` (CodeAct: one `execute_code`
program in a Hyperlight micro-VM calls the tools). Each answer is checked against the totals
computed here with CPython from the dataset; a wrong answer raises.

The model is `ScriptedChatClient` (examples/scripted_model.py), a deterministic offline model that behaves as a capable model
does (traditional: one turn per dependent step, independent calls batched; CodeAct: one
program, then the answer). Tokens are o200k_base counts of the exact request each turn (system
instructions, tool schemas and the whole history as Chat Completions JSON) plus what the model
wrote. Time has two parts: measured (the wall time of `Agent.run`, less the time spent inside
the model client, i.e. framework + tools + sandbox; the sandbox part is measured separately),
and modelled model time from the latency model below (per request: overhead + input tokens /
prefill rate + output tokens / decode rate).

`--tool-latency-ms 100` makes every tool an `async` tool that takes that long (as network tools
do) and adds the wiring `codeact-gather`, whose program runs independent calls concurrently
(`acall_tool` + `asyncio.gather`); traditional gets the framework's parallel function calls.
"tool ms" is the measured wall time during which at least one tool was running.

Setting HLC_BENCH_BASE_URL, HLC_BENCH_API_KEY and HLC_BENCH_MODEL replaces the scripted model
with that OpenAI-compatible endpoint (package `agent-framework-openai`); tokens then come from
the endpoint's usage figures and model time is measured, not modelled.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

# Latency model for the scripted model. ASSUMPTIONS, not measurements: round figures in the
# range published for GPT-4o-class hosted APIs (e.g. artificialanalysis.ai's GPT-4o pages list
# roughly 0.4-0.6 s time to first token on short prompts and roughly 80-150 output tokens/s);
# the prefill rate is not usually published and is an assumed order of magnitude.
REQUEST_OVERHEAD_S = 0.45  # network + queueing + first-token latency per request
PREFILL_TOKENS_PER_S = 5000.0  # input tokens processed per second
DECODE_TOKENS_PER_S = 100.0  # output tokens generated per second
LATENCY_SOURCE = (
    "assumed GPT-4o-class API figures: 0.45 s per request, 5000 input tok/s prefill, 100 output tok/s decode"
)

PROMPT = (
    "Compute each user's grand total: the sum of their order line totals, each line's total from "
    "compute_line_total with the user's tier discount rate and region tax rate. Answer with one "
    "'Name: total' line per user, highest first, then a 'Total: sum' line."
)

WIRINGS = ("traditional", "codeact")
# With --tool-latency-ms: CodeAct whose program gathers independent calls (acall_tool).
GATHER_WIRING = "codeact-gather"
TOOL_NAMES = ("get_users", "get_orders", "get_discount_rate", "get_tax_rate", "compute_line_total")

HERE = Path(__file__).resolve().parent
DATA: dict[str, Any] = json.loads((HERE / "orders.json").read_text(encoding="utf-8"))

# The scripted model lives with the examples (it is not part of the package).
sys.path.insert(0, str(HERE.parent.parent / "examples"))


class ToolClock:
    """Wall time during which at least one tool call was running (overlapping calls count once)."""

    def __init__(self) -> None:
        self.active = 0
        self.since = 0.0
        self.seconds = 0.0

    def enter(self) -> None:
        if self.active == 0:
            self.since = time.perf_counter()
        self.active += 1

    def leave(self) -> None:
        self.active -= 1
        if self.active == 0:
            self.seconds += time.perf_counter() - self.since


def with_latency(func: Callable[..., Any], seconds: float, clock: ToolClock) -> Callable[..., Any]:
    """`func` as an `async` tool that takes `seconds` (an awaited sleep, as a network call would)."""
    import functools

    @functools.wraps(func)
    async def slow(*args: Any, **kwargs: Any) -> Any:
        clock.enter()
        try:
            await asyncio.sleep(seconds)
            return func(*args, **kwargs)
        finally:
            clock.leave()

    return slow


def make_tools(calls: Counter[str]) -> list[Callable[..., Any]]:
    """The five orders tools (as in examples/demo.py), counting their calls in `calls`."""

    def get_users() -> list[dict[str, Any]]:
        """List all users: id, name, region and tier."""
        calls["get_users"] += 1
        return list(DATA["users"])

    def get_orders(user_id: Annotated[int, "A user's id from get_users()"]) -> list[dict[str, Any]]:
        """Order lines of one user: product, qty, unit_price."""
        calls["get_orders"] += 1
        return list(DATA["orders"][str(user_id)])

    def get_discount_rate(tier: Annotated[Literal["gold", "silver", "bronze"], "The user's tier"]) -> float:
        """Discount rate (0 to 1) for a customer tier."""
        calls["get_discount_rate"] += 1
        return float(DATA["discount_rate"][tier])

    def get_tax_rate(region: Annotated[str, "Region code: EU, US or APAC"]) -> float:
        """Sales tax rate (0 to 1) for a region."""
        calls["get_tax_rate"] += 1
        return float(DATA["tax_rate"][region])

    def compute_line_total(qty: int, unit_price: float, discount_rate: float, tax_rate: float) -> float:
        """Line total: qty * unit_price * (1 - discount_rate) * (1 + tax_rate), rounded to cents."""
        calls["compute_line_total"] += 1
        return round(qty * unit_price * (1 - discount_rate) * (1 + tax_rate), 2)

    return [get_users, get_orders, get_discount_rate, get_tax_rate, compute_line_total]


def expected_totals() -> dict[str, float]:
    """Grand totals by the formula in orders.json's `about`, highest first, computed with CPython."""
    totals = {}
    for u in DATA["users"]:
        rate = (1 - DATA["discount_rate"][u["tier"]]) * (1 + DATA["tax_rate"][u["region"]])
        lines = [round(o["qty"] * o["unit_price"] * rate, 2) for o in DATA["orders"][str(u["id"])]]
        totals[u["name"]] = round(sum(lines), 2)
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def check_answer(wiring: str, text: str) -> dict[str, float]:
    """The `Name: total` figures of `text`; raises unless they and the sum match `expected_totals`."""
    expected = expected_totals()
    found: dict[str, float] = {}
    for name in [*expected, "Total"]:
        match = re.search(rf"\b{name}\b\W*\$?\s*([0-9][0-9,]*\.[0-9]+)", text)
        if match:
            found[name] = float(match.group(1).replace(",", ""))
    want = {**expected, "Total": round(sum(expected.values()), 2)}
    order = sorted(expected, key=lambda n: text.find(f"{n}:") if f"{n}:" in text else len(text))
    if found != want or order != list(expected):
        raise RuntimeError(f"{wiring}: wrong answer\n{text}\nexpected {want} in this order")
    return found


def model_seconds(turns: list[dict[str, int]]) -> float:
    """Modelled model time of a run from its per-turn token counts (see the latency model above)."""
    return sum(
        REQUEST_OVERHEAD_S + t["input_tokens"] / PREFILL_TOKENS_PER_S + t["output_tokens"] / DECODE_TOKENS_PER_S
        for t in turns
    )


def endpoint_settings() -> dict[str, str] | None:
    """HLC_BENCH_BASE_URL / HLC_BENCH_API_KEY / HLC_BENCH_MODEL when the base URL is set."""
    base_url = os.environ.get("HLC_BENCH_BASE_URL")
    if not base_url:
        return None
    return {
        "base_url": base_url,
        "api_key": os.environ.get("HLC_BENCH_API_KEY", "none"),
        "model": os.environ.get("HLC_BENCH_MODEL", "gpt-4o"),
    }


def make_client(wiring: str, endpoint: dict[str, str] | None) -> Any:
    if endpoint is None:
        from scripted_model import ORDERS_PROGRAM, ORDERS_PROGRAM_GATHER, ScriptedChatClient

        if wiring == "traditional":
            return ScriptedChatClient(mode="traditional")
        program = ORDERS_PROGRAM_GATHER if wiring == GATHER_WIRING else ORDERS_PROGRAM
        return ScriptedChatClient(mode="codeact", program=program)
    try:
        from agent_framework_openai import OpenAIChatCompletionClient  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - needs the optional package
        raise SystemExit("HLC_BENCH_BASE_URL is set: pip install agent-framework-openai") from exc
    return OpenAIChatCompletionClient(**endpoint)


class _ModelClock:
    """Wraps a chat client's `_inner_get_response` to count requests and time spent in the model."""

    def __init__(self, client: Any) -> None:
        self.requests = 0
        self.seconds = 0.0
        inner = client._inner_get_response

        def timed(**kwargs: Any) -> Any:
            if kwargs.get("stream"):
                return inner(**kwargs)
            self.requests += 1
            pending = inner(**kwargs)

            async def wait() -> Any:
                started = time.perf_counter()
                try:
                    return await pending
                finally:
                    self.seconds += time.perf_counter() - started

            return wait()

        client._inner_get_response = timed


class _TimedSandbox:
    """A sandbox whose runs add to `clock.run_seconds`."""

    def __init__(self, real: Any, clock: _SandboxClock) -> None:
        self.real = real
        self.clock = clock

    async def run_async(self, code: str) -> Any:
        started = time.perf_counter()
        try:
            return await self.real.run_async(code)
        finally:
            self.clock.run_seconds += time.perf_counter() - started


class _SandboxClock:
    """Stands in for `execute_code`'s sandbox cache (shared with the provider's run tools): the
    tool's own sandbox construction and runs, timed."""

    def __init__(self, tool: Any) -> None:
        self.cache = tool._sandboxes
        self.create_seconds = 0.0
        self.run_seconds = 0.0
        tool._sandboxes = self

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        def timed_make() -> Any:
            started = time.perf_counter()
            try:
                return make()
            finally:
                self.create_seconds += time.perf_counter() - started

        return _TimedSandbox(self.cache.get(key, timed_make), self)


async def run_once(wiring: str, endpoint: dict[str, str] | None = None, tool_latency_s: float = 0.0) -> dict[str, Any]:
    """One `Agent.run` of the orders task with `wiring`; returns its measured figures."""
    from agent_framework import Agent

    calls: Counter[str] = Counter()
    tools = make_tools(calls)
    tool_clock = ToolClock()
    if tool_latency_s > 0:
        tools = [with_latency(t, tool_latency_s, tool_clock) for t in tools]
    client = make_client(wiring, endpoint)
    clock = _ModelClock(client)
    sandbox = None
    if wiring == "traditional":
        agent = Agent(client=client, tools=tools)
    else:
        from hyperlight_codeact import HyperlightCodeActProvider

        provider = HyperlightCodeActProvider(tools=tools)
        sandbox = _SandboxClock(provider.execute_code)
        agent = Agent(client=client, context_providers=[provider])

    started = time.perf_counter()
    response = await agent.run(PROMPT)
    wall = time.perf_counter() - started

    check_answer(wiring, response.text)
    usage = response.usage_details or {}
    turns = list(getattr(client, "turns", []))
    model_calls = [c.name for m in response.messages for c in m.contents if c.type == "function_call"]
    measured_model = endpoint is not None
    framework_s = wall - clock.seconds
    model_s = clock.seconds if measured_model else model_seconds(turns)
    sandbox_s = (sandbox.create_seconds + sandbox.run_seconds) if sandbox else 0.0
    return {
        "wiring": wiring,
        "answer": response.text,
        "model_turns": clock.requests,
        "model_function_calls": len(model_calls),
        "tool_calls": dict(sorted(calls.items(), key=lambda kv: TOOL_NAMES.index(kv[0]))),
        "tool_calls_total": sum(calls.values()),
        "input_tokens": int(usage.get("input_token_count") or 0),
        "output_tokens": int(usage.get("output_token_count") or 0),
        "total_tokens": int(usage.get("input_token_count") or 0) + int(usage.get("output_token_count") or 0),
        "turns": turns,
        "agent_run_ms": wall * 1e3,
        "tool_ms": tool_clock.seconds * 1e3,
        "framework_sandbox_ms": framework_s * 1e3,
        "sandbox_ms": sandbox_s * 1e3,
        "sandbox_create_ms": (sandbox.create_seconds * 1e3) if sandbox else 0.0,
        "sandbox_run_ms": (sandbox.run_seconds * 1e3) if sandbox else 0.0,
        "model_ms": model_s * 1e3,
        "model_ms_source": "measured" if measured_model else "modelled",
        "total_ms": (framework_s + model_s) * 1e3,
    }


_MEDIAN_KEYS = (
    "input_tokens",
    "output_tokens",
    "total_tokens",
    "agent_run_ms",
    "tool_ms",
    "framework_sandbox_ms",
    "sandbox_ms",
    "sandbox_create_ms",
    "sandbox_run_ms",
    "model_ms",
    "total_ms",
    "model_turns",
    "model_function_calls",
    "tool_calls_total",
)


# agent-framework-hyperlight's figure for the same five tools, as issue 13 states it (its
# instructions plus its execute_code description, o200k_base); measured here with 1.0.0b261022
# the same way, it is 435 (88 + 347).
REFERENCE_PROMPT_TOKENS = 427


def prompt_tokens() -> dict[str, int]:
    """o200k_base tokens of what CodeAct adds to every request for the five orders tools: the
    system instructions plus the `execute_code` description (and the whole tool spec as sent)."""
    from hyperlight_codeact.execute_code import HyperlightExecuteCodeTool
    from scripted_model import count_tokens

    execute = HyperlightExecuteCodeTool(tools=make_tools(Counter()))
    instructions = count_tokens(execute.build_instructions(tools_visible_to_model=False))
    description = count_tokens(execute.description)
    return {
        "instructions": instructions,
        "description": description,
        "instructions_and_description": instructions + description,
        "tool_spec_json": count_tokens(json.dumps(execute.to_json_schema_spec())),
        "reference_instructions_and_description": REFERENCE_PROMPT_TOKENS,
    }


def _reduction(before: float, after: float) -> float:
    return 100.0 * (before - after) / before if before else 0.0


def run_benchmark(runs: int = 5, *, warmup: bool = True, tool_latency_ms: float = 0.0) -> dict[str, Any]:
    """Runs each wiring `runs` times (after one untimed warm-up run each); medians per wiring.
    With `tool_latency_ms`, every tool takes that long and `codeact-gather` is added."""
    tool_latency_s = tool_latency_ms / 1e3
    wirings = (*WIRINGS, GATHER_WIRING) if tool_latency_s > 0 else WIRINGS
    from scripted_model import count_tokens

    endpoint = endpoint_settings()
    if endpoint is None:
        # Token counts must be real o200k_base counts, not estimates.
        import bpe_openai  # type: ignore[import-untyped]  # noqa: F401

        count_tokens("")  # load the tokenizer's vocabulary before any clock starts

    async def all_runs() -> dict[str, list[dict[str, Any]]]:
        if warmup:  # first-use costs of the framework (imports, schema building), not of a wiring
            for wiring in wirings:
                await run_once(wiring, endpoint, tool_latency_s)
        results: dict[str, list[dict[str, Any]]] = {w: [] for w in wirings}
        for _ in range(runs):
            for wiring in wirings:
                results[wiring].append(await run_once(wiring, endpoint, tool_latency_s))
        return results

    raw = asyncio.run(all_runs())
    summary: dict[str, Any] = {}
    for wiring, samples in raw.items():
        row = {k: statistics.median(s[k] for s in samples) for k in _MEDIAN_KEYS}
        row["tool_calls"] = samples[0]["tool_calls"]
        row["answer"] = samples[0]["answer"]
        row["model_ms_source"] = samples[0]["model_ms_source"]
        summary[wiring] = row
    trad, code = summary["traditional"], summary["codeact"]
    return {
        "task": "orders (data/orders.json): every user's grand total",
        "prompt": PROMPT,
        "runs": runs,
        "tool_latency_ms": tool_latency_ms,
        "model": endpoint["model"] if endpoint else "ScriptedChatClient (deterministic, offline)",
        "endpoint": endpoint["base_url"] if endpoint else None,
        "latency_model": None
        if endpoint
        else {
            "request_overhead_s": REQUEST_OVERHEAD_S,
            "prefill_tokens_per_s": PREFILL_TOKENS_PER_S,
            "decode_tokens_per_s": DECODE_TOKENS_PER_S,
            "source": LATENCY_SOURCE,
        },
        "tokenizer": "o200k_base (bpe_openai)" if not endpoint else "endpoint usage figures",
        "codeact_prompt_tokens": prompt_tokens(),
        "expected_totals": expected_totals(),
        "wirings": summary,
        "reduction_percent": {
            "tokens": _reduction(trad["total_tokens"], code["total_tokens"]),
            "time": _reduction(trad["total_ms"], code["total_ms"]),
            "model_turns": _reduction(trad["model_turns"], code["model_turns"]),
        },
        "sandbox_percent_of_codeact": {
            "of_total_ms": 100.0 * code["sandbox_ms"] / code["total_ms"] if code["total_ms"] else 0.0,
            "of_framework_sandbox_ms": 100.0 * code["sandbox_ms"] / code["framework_sandbox_ms"]
            if code["framework_sandbox_ms"]
            else 0.0,
        },
        "samples": raw,
    }


def format_report(result: dict[str, Any]) -> str:
    model_label = "modelled model ms" if result["latency_model"] else "model ms (measured)"
    header = [
        "wiring",
        "model turns",
        "tool calls",
        "input tokens",
        "output tokens",
        "total tokens",
        "tool ms",
        "framework+sandbox ms",
        model_label,
        "total ms",
    ]
    rows = []
    wirings = list(result["wirings"])
    for wiring in wirings:
        r = result["wirings"][wiring]
        rows.append(
            [
                wiring,
                f"{r['model_turns']:g}",
                f"{r['tool_calls_total']:g}",
                f"{r['input_tokens']:g}",
                f"{r['output_tokens']:g}",
                f"{r['total_tokens']:g}",
                f"{r['tool_ms']:.0f}",
                f"{r['framework_sandbox_ms']:.1f}",
                f"{r['model_ms']:.0f}",
                f"{r['total_ms']:.0f}",
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return (
            "| "
            + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
            + " |"
        )

    red, code = result["reduction_percent"], result["wirings"]["codeact"]
    share = result["sandbox_percent_of_codeact"]
    latency = result.get("tool_latency_ms") or 0
    out = [
        f"Orders task, {result['model']}, median of {result['runs']} run(s) per wiring"
        + (f", every tool taking {latency:g} ms" if latency else ""),
        f"prompt: {result['prompt']}",
        "",
        line(header),
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
        *(line(r) for r in rows),
        "",
        f"CodeAct vs traditional: tokens -{red['tokens']:.1f}%, time -{red['time']:.1f}%, "
        f"model turns -{red['model_turns']:.0f}%",
        *(
            [
                f"tool time: traditional {result['wirings']['traditional']['tool_ms']:.0f} ms, codeact "
                f"{code['tool_ms']:.0f} ms, {GATHER_WIRING} {result['wirings'][GATHER_WIRING]['tool_ms']:.0f} ms"
            ]
            if GATHER_WIRING in result["wirings"]
            else []
        ),
        f"sandbox (execute_code: VM creation {code['sandbox_create_ms']:.1f} ms + runs {code['sandbox_run_ms']:.1f} ms) "
        f"= {code['sandbox_ms']:.1f} ms: {share['of_total_ms']:.2f}% of the CodeAct run's total time, "
        f"{share['of_framework_sandbox_ms']:.0f}% of its framework+sandbox time",
        "tool calls per wiring: "
        + "; ".join(
            f"{w} " + ", ".join(f"{n} x{c}" for n, c in result["wirings"][w]["tool_calls"].items()) for w in wirings
        ),
        f"tokens: {result['tokenizer']}; input = each turn's full request (instructions, tool schemas, history)",
    ]
    prompt = result.get("codeact_prompt_tokens")
    if prompt:
        out.append(
            f"CodeAct prompt (instructions + execute_code description, five tools): "
            f"{prompt['instructions_and_description']} o200k tokens ({prompt['instructions']} + "
            f"{prompt['description']}); agent-framework-hyperlight: {prompt['reference_instructions_and_description']}"
        )
    if result["latency_model"]:
        out.append(f"model time: {result['latency_model']['source']} (assumptions, not measured)")
    out.append("answers checked against CPython totals from the dataset: all correct")
    return "\n".join(out)


README_START = "<!-- bench-table:start (written by python benches/agent/bench.py --readme README.md) -->"
README_END = "<!-- bench-table:end -->"


def readme_table(result: dict[str, Any]) -> str:
    """The README's agent-benchmark table and summary line, from a `run_benchmark` result."""
    model_col = "modelled model time" if result["latency_model"] else "model time (measured)"
    rows = [
        f"| wiring | turns | total tokens | framework + sandbox | {model_col} | total |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for wiring, label in (("traditional", "traditional"), ("codeact", "CodeAct")):
        r = result["wirings"][wiring]
        rows.append(
            f"| {label} | {r['model_turns']:g} | {r['total_tokens']:,.0f} | {r['framework_sandbox_ms']:.1f} ms "
            f"| {r['model_ms'] / 1e3:.2f} s | {r['total_ms'] / 1e3:.2f} s |"
        )
    red, share = result["reduction_percent"], result["sandbox_percent_of_codeact"]
    rows += [
        "",
        f"Median of {result['runs']} run(s) per wiring. CodeAct: {red['tokens']:.1f}% fewer tokens, "
        f"{red['time']:.1f}% less time; the sandbox (VM creation and run) is {share['of_total_ms']:.2f}% of the "
        "CodeAct run.",
    ]
    return "\n".join(rows)


def update_readme(path: str, result: dict[str, Any]) -> None:
    """Replaces the table between README_START and README_END in `path` (nothing else)."""
    text = Path(path).read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"{path} has no {README_START!r} ... {README_END!r} block")
    head = text[: start + len(README_START)]
    Path(path).write_text(head + "\n" + readme_table(result) + "\n" + text[end:])


def write_chart(result: dict[str, Any], path: str) -> None:
    """Bar charts of tokens (input/output) and time (framework+sandbox / model) per wiring."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    w = result["wirings"]
    names = list(w)
    fig, (ax_tok, ax_time) = plt.subplots(1, 2, figsize=(10, 4))
    inp = [w[n]["input_tokens"] for n in names]
    outp = [w[n]["output_tokens"] for n in names]
    ax_tok.bar(names, inp, label="input")
    ax_tok.bar(names, outp, bottom=inp, label="output")
    ax_tok.set_title("tokens (o200k_base)" if result["latency_model"] else "tokens")
    fw = [w[n]["framework_sandbox_ms"] / 1e3 for n in names]
    model = [w[n]["model_ms"] / 1e3 for n in names]
    ax_time.bar(names, model, label="model (modelled)" if result["latency_model"] else "model")
    ax_time.bar(names, fw, bottom=model, label="framework + sandbox (measured)")
    ax_time.set_title("time (s)")
    for ax, totals, fmt in (
        (ax_tok, [a + b for a, b in zip(inp, outp, strict=True)], "{:.0f}"),
        (ax_time, [a + b for a, b in zip(fw, model, strict=True)], "{:.2f}"),
    ):
        for x, total in enumerate(totals):
            ax.annotate(fmt.format(total), (x, total), ha="center", va="bottom")
        ax.set_ylim(top=max(totals) * 1.35)
        ax.legend(loc="upper right")
    fig.suptitle(f"Orders task: traditional vs CodeAct, median of {result['runs']} run(s)")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benches/agent/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per wiring; medians are reported (default 5)")
    parser.add_argument(
        "--tool-latency-ms",
        type=float,
        default=0.0,
        help="make every tool take this long (async) and add the codeact-gather wiring (default 0)",
    )
    parser.add_argument("--json", metavar="PATH", help="write all figures, per run included, as JSON")
    parser.add_argument("--chart", metavar="PATH.png", help="write a bar chart (needs matplotlib)")
    parser.add_argument("--readme", metavar="README.md", help="rewrite the README's benchmark table with these figures")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.tool_latency_ms < 0:
        parser.error("--tool-latency-ms must not be negative")
    result = run_benchmark(args.runs, tool_latency_ms=args.tool_latency_ms)
    print(format_report(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
        print(f"wrote {args.json}")
    if args.readme:
        update_readme(args.readme, result)
        print(f"updated the benchmark table in {args.readme}")
    if args.chart:
        try:
            write_chart(result, args.chart)
        except ImportError:
            print("--chart needs matplotlib: pip install matplotlib", file=sys.stderr)
            return 1
        print(f"wrote {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
