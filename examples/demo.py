"""The demo `make demo` runs: an Agent Framework agent answers the orders task with CodeAct.

The model is the offline scripted client (`hyperlight_codeact._scripted`): it writes one
`execute_code` program that calls the five host tools through `call_tool`; the program runs in
a real Hyperlight micro-VM. Prints the model's program, what the VM printed, the tool calls, the
answer and the time spent.
"""

from __future__ import annotations

import asyncio
import json
import time
from importlib import resources
from typing import Annotated, Any, Literal

from agent_framework import Agent

from hyperlight_codeact import HyperlightCodeActProvider
from hyperlight_codeact._scripted import ScriptedChatClient, count_tokens

DATA = json.loads(resources.files("hyperlight_codeact").joinpath("data/orders.json").read_text())


def get_users() -> list[dict[str, Any]]:
    """List all users: id, name, region and tier."""
    return list(DATA["users"])


def get_orders(user_id: Annotated[int, "A user's id from get_users()"]) -> list[dict[str, Any]]:
    """Order lines of one user: product, qty, unit_price."""
    return list(DATA["orders"][str(user_id)])


def get_discount_rate(tier: Annotated[Literal["gold", "silver", "bronze"], "The user's tier"]) -> float:
    """Discount rate (0 to 1) for a customer tier."""
    return float(DATA["discount_rate"][tier])


def get_tax_rate(region: Annotated[str, "Region code: EU, US or APAC"]) -> float:
    """Sales tax rate (0 to 1) for a region."""
    return float(DATA["tax_rate"][region])


def compute_line_total(qty: int, unit_price: float, discount_rate: float, tax_rate: float) -> float:
    """Line total: qty * unit_price * (1 - discount_rate) * (1 + tax_rate), rounded to cents."""
    return round(qty * unit_price * (1 - discount_rate) * (1 + tax_rate), 2)


async def main() -> None:
    provider = HyperlightCodeActProvider(
        tools=[get_users, get_orders, get_discount_rate, get_tax_rate, compute_line_total]
    )
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
