"""A scripted chat client that plays the model for the reference samples, offline.

It reads what a model would: the user's request, the tools offered and their descriptions, and
the function results so far. It refuses to write code when the `execute_code` description
does not name the sandbox tools it needs (a real model could not know them either), so a run
also checks that the tool tells the model what it needs.

Turn 1: one `execute_code` call whose program fetches the users, finds the admins and does the
multiplication of the request (`6*7` or `7*(3*2)`) with `compute`. Then, if the request asks
for an email and `send_email` is a direct tool, one `send_email` call with the program's
output. Last: the answer, quoting the output.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from agent_framework import BaseChatClient, ChatResponse, Content, FunctionInvocationLayer, Message


def _program(request: str) -> str:
    nested = re.search(r"multiply (\d+)\s*\*\s*\((\d+)\s*\*\s*(\d+)\)", request)
    flat = re.search(r"multiply (\d+)\s*\*\s*(\d+)", request)
    lines = [
        'users = call_tool("fetch_data", table="users")',
        'admins = [user for user in users if user["role"] == "admin"]',
    ]
    if nested:
        a, b, c = nested.groups()
        lines += [
            f'inner = call_tool("compute", operation="multiply", a={b}, b={c})',
            f'result = call_tool("compute", operation="multiply", a={a}, b=inner)',
            'print("Users:", users)',
            'print("Admins:", admins)',
            f'print("{a} * ({b} * {c}) =", result)',
        ]
    elif flat:
        a, b = flat.groups()
        lines += [
            f'result = call_tool("compute", operation="multiply", a={a}, b={b})',
            'print("Users:", users)',
            'print("Admins:", admins)',
            f'print("{a} * {b} =", result)',
        ]
    else:
        raise RuntimeError(f"the scripted model does not know how to do: {request!r}")
    return "\n".join(lines)


def _result_text(content: Content) -> str:
    result = content.result
    if isinstance(result, list):
        return "\n".join(getattr(c, "text", None) or getattr(c, "error_details", None) or "" for c in result)
    return str(result or "")


class ScriptedSampleModel(FunctionInvocationLayer[Any], BaseChatClient[Any]):
    """Plays the model of the reference samples (see the module docstring)."""

    def _inner_get_response(
        self, *, messages: Sequence[Message], stream: bool, options: Mapping[str, Any], **kwargs: Any
    ) -> Any:
        if stream:
            raise NotImplementedError("ScriptedSampleModel does not stream")
        return self._respond(messages, options)

    async def _respond(self, messages: Sequence[Message], options: Mapping[str, Any]) -> ChatResponse:
        tools = {getattr(t, "name", None): t for t in options.get("tools") or ()}
        request = next(c.text for m in messages if m.role == "user" for c in m.contents if c.type == "text")
        results = {c.call_id: c for m in messages for c in m.contents if c.type == "function_result"}
        called = [c for m in messages for c in m.contents if c.type == "function_call"]
        names = [c.name for c in called]
        if "execute_code" not in names:
            execute_code = tools.get("execute_code")
            if execute_code is None:
                raise RuntimeError("no execute_code tool was offered")
            description = execute_code.description
            for needed in ("call_tool", "fetch_data", "compute"):
                if needed not in description:
                    raise RuntimeError(f"the execute_code description does not mention {needed!r}:\n{description}")
            call = Content.from_function_call(
                call_id="call_1", name="execute_code", arguments={"code": _program(request)}
            )
            return ChatResponse(messages=[Message(role="assistant", contents=[call])])
        output = _result_text(results[called[names.index("execute_code")].call_id])
        email = re.search(r"send an email to (\S+?@\S+?)\s", request)
        if email and "send_email" in tools and "send_email" not in names:
            arguments = {"to": email.group(1), "subject": "Users, admins and the multiplication", "body": output}
            call = Content.from_function_call(call_id="call_2", name="send_email", arguments=arguments)
            return ChatResponse(messages=[Message(role="assistant", contents=[call])])
        answer = "Here is what the code printed:\n" + output
        if "send_email" in names:
            answer += "\n" + _result_text(results[called[names.index("send_email")].call_id])
        return ChatResponse(messages=[Message(role="assistant", contents=[Content.from_text(answer)])])


__all__ = ["ScriptedSampleModel"]
