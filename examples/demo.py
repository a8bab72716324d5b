"""The demo `make demo` runs: an Agent Framework agent answers the orders task with CodeAct.

The model is the offline scripted client (`scripted_model.py` here): it writes one
`execute_code` program that calls the five host tools through `call_tool`; the program runs in
a real Hyperlight micro-VM. Prints the model's program, what the VM printed, the tool calls, the
answer and the time spent.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

from agent_framework import Agent

from hyperlight_codeact import HyperlightCodeActProvider
from scripted_model import ScriptedChatClient, count_tokens

# The orders tools and dataset are the agent benchmark's (benches/agent/).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benches" / "agent"))
from bench import make_tools  # noqa: E402


async def main() -> None:
    # The five orders tools over benches/agent/orders.json (the benchmark's).
    provider = HyperlightCodeActProvider(tools=make_tools(Counter()))
    agent = Agent(client=ScriptedChatClient(), context_providers=[provider])
    count_tokens("")  # load the tokenizer's vocabulary before the clock starts
    started = time.perf_counter()
    response = await agent.run("Compute each user's grand total of their orders, highest first.")
    elapsed = time.perf_counter() - started

    for message in response.messages:
        for content in message.contents:
            if content.type == "function_call":
                args = content.parse_arguments() or {}
                print(f"--- model calls {content.name} with this program:\n{args.get('code', '').rstrip()}\n")
            elif content.type == "function_result":
                print(f"--- the micro-VM returned:\n{content.result if content.result is not None else ''}\n")
    print(f"--- answer:\n{response.text}\n")
    usage = response.usage_details or {}
    print(
        f"agent run: {elapsed * 1e3:.1f} ms including micro-VM creation, "
        f"{usage.get('total_token_count', 0)} tokens (o200k_base, scripted model)"
    )


if __name__ == "__main__":
    asyncio.run(main())
