"""HyperlightExecuteCodeTool / HyperlightCodeActProvider configuration, as agent-framework-hyperlight
documents it: constructors, mutators, mount and domain normalization, the model-facing texts.

The constructions are those of the reference's README, docstrings and samples; mounts and
domains are then used from real micro-VMs (HTTP to a server on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest

agent_framework = pytest.importorskip("agent_framework")
from agent_framework import Agent, FunctionTool, tool  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from hyperlight_codeact import (  # noqa: E402
    AllowedDomain,
    AllowedDomainInput,
    FileMount,
    FileMountInput,
    HyperlightCodeActProvider,
    HyperlightExecuteCodeTool,
)
from scripted_model import ScriptedChatClient, count_tokens  # noqa: E402

CLASSES = [HyperlightExecuteCodeTool, HyperlightCodeActProvider]


@tool
def compute(operation: Literal["add", "subtract", "multiply", "divide"], a: float, b: float) -> float:
    """Perform a math operation."""
    return {"add": a + b, "subtract": a - b, "multiply": a * b, "divide": a / b}[operation]


@tool(approval_mode="always_require")
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email."""
    return f"Email sent to {to}"


def fetch_data(table: Annotated[str, "Name of the table"]) -> list[dict[str, Any]]:
    """Fetch records from a named table."""
    return [{"table": table}]


@pytest.fixture
def dirs(tmp_path: Path) -> dict[str, Path]:
    for name in ("data", "models", "config", "ws", "ws/sub"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "data" / "a.txt").write_text("data-a")
    (tmp_path / "models" / "m.txt").write_text("model")
    (tmp_path / "config" / "c.txt").write_text("config")
    (tmp_path / "ws" / "w.txt").write_text("workspace")
    (tmp_path / "ws" / "sub" / "s.txt").write_text("sub")
    return {n: tmp_path / n for n in ("data", "models", "config", "ws")} | {"root": tmp_path}


# -- constructors: every documented form --


@pytest.mark.parametrize("cls", CLASSES)
def test_documented_constructions(cls: type, dirs: dict[str, Path]) -> None:
    forms: list[dict[str, Any]] = [
        {},
        {"tools": None},
        {"tools": compute},
        {"tools": fetch_data},
        {"tools": [compute, fetch_data]},
        {"tools": (compute,), "approval_mode": "never_require"},
        {"approval_mode": "always_require"},
        {"tool_description_format": "json"},
        {"tool_description_format": {"compute": "json"}},
        {"workspace_root": dirs["ws"]},
        {"workspace_root": str(dirs["ws"])},
        {"file_mounts": str(dirs["data"])},
        {"file_mounts": (dirs["models"], "/sandbox/models")},
        {
            "file_mounts": [
                str(dirs["data"]),
                (dirs["models"], "/sandbox/models"),
                FileMount(str(dirs["config"]), "/sandbox/config"),
            ]
        },
        {"allowed_domains": "api.github.com"},
        {"allowed_domains": ("internal.api.example.com", "GET")},
        {"allowed_domains": ["api.github.com", ("internal.api.example.com", "GET"), AllowedDomain("x.org", ("POST",))]},
        {"max_output_files": 5, "max_output_file_bytes": 1024, "max_output_total_bytes": 4096},
        {"max_write_bytes": 1 << 20},
        {"backend": "wasm", "module": "python_guest.path", "module_path": None},
        {"execution_timeout_seconds": 5},
        {"include_detailed_errors": True},
    ]
    for kwargs in forms:
        cls(**kwargs)
    if cls is HyperlightCodeActProvider:
        assert HyperlightCodeActProvider("my_source").source_id == "my_source"
        assert HyperlightCodeActProvider().source_id == "hyperlight_codeact"


def test_aliases_describe_the_accepted_forms() -> None:
    assert "FileMount" in str(FileMountInput) and "AllowedDomain" in str(AllowedDomainInput)


@pytest.mark.parametrize("cls", CLASSES)
def test_unknown_keyword_arguments_raise_type_error(cls: type) -> None:
    with pytest.raises(TypeError):
        cls(tool=compute)
    with pytest.raises(TypeError):
        cls(description="x")


@pytest.mark.parametrize("cls", CLASSES)
@pytest.mark.parametrize(
    ("kwargs", "word"),
    [({"backend": "js"}, "backend"), ({"module": "other.guest"}, "module"), ({"module_path": "/x.aot"}, "module_path")],
)
def test_unsupported_backend_module_module_path_say_so(cls: type, kwargs: dict[str, Any], word: str) -> None:
    with pytest.raises(ValueError, match=f"{word}=.*cannot be honoured"):
        cls(**kwargs)


@pytest.mark.parametrize("cls", CLASSES)
def test_bad_configuration_fails_at_construction_and_at_add(cls: type, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(FileNotFoundError):
        cls(file_mounts=[str(missing)])
    not_a_dir = tmp_path / "file.txt"
    not_a_dir.write_text("x")
    with pytest.raises(ValueError, match="directory"):
        cls(workspace_root=not_a_dir)
    for bad in ("", "exa mple.com", "ftp://x.org", "host:99999", "a*.example.com"):
        with pytest.raises(ValueError):
            cls(allowed_domains=[bad])
    with pytest.raises(ValueError, match="unsupported HTTP method"):
        cls(allowed_domains=[("x.org", "FETCH")])
    for name in ("max_output_files", "max_output_file_bytes", "max_output_total_bytes", "max_write_bytes"):
        with pytest.raises(ValueError):
            cls(**{name: 0})
    with pytest.raises(ValueError):
        cls(execution_timeout_seconds=-1)
    with pytest.raises(ValueError):
        cls(tool_description_format="yaml")
    obj = cls()
    with pytest.raises(FileNotFoundError):
        obj.add_file_mounts((missing, "/x"))
    with pytest.raises(ValueError):
        obj.add_allowed_domains("bad host")
    assert obj.get_file_mounts() == [] and obj.get_allowed_domains() == []


# -- mutators --


@pytest.mark.parametrize("cls", CLASSES)
def test_tool_mutators_replace_by_name_and_recompute_approval(cls: type) -> None:
    obj = cls(tools=[compute])
    tool_of = (lambda o: o) if cls is HyperlightExecuteCodeTool else (lambda o: o.execute_code)
    assert [t.name for t in obj.get_tools()] == ["compute"]
    assert all(isinstance(t, FunctionTool) for t in obj.get_tools())
    obj.add_tools(fetch_data)
    other = FunctionTool(name="compute", description="replacement", func=lambda: 1)
    obj.add_tools([other])
    assert [t.name for t in obj.get_tools()] == ["fetch_data", "compute"]
    assert obj.get_tools()[1] is other
    assert tool_of(obj).approval_mode == "never_require"
    obj.add_tools(send_email)
    assert tool_of(obj).approval_mode == "always_require"
    obj.remove_tool("send_email")
    assert tool_of(obj).approval_mode == "never_require"
    with pytest.raises(KeyError):
        obj.remove_tool("send_email")
    obj.add_tools([send_email])
    obj.clear_tools()
    assert obj.get_tools() == [] and tool_of(obj).approval_mode == "never_require"


@pytest.mark.parametrize("cls", CLASSES)
def test_mount_mutators(cls: type, dirs: dict[str, Path]) -> None:
    obj = cls(file_mounts=[(dirs["data"], "data")])
    assert obj.get_file_mounts() == [FileMount(dirs["data"].resolve(), "/input/data", False)]
    obj.add_file_mounts([(dirs["models"], "/input/data"), (dirs["config"], "/cfg", "rw")])
    assert obj.get_file_mounts() == [
        FileMount(dirs["models"].resolve(), "/input/data", False),  # a later mount at the same path replaces
        FileMount(dirs["config"].resolve(), "/cfg", True),
    ]
    obj.remove_file_mount("data")  # the same normalization as when added
    with pytest.raises(KeyError):
        obj.remove_file_mount("/input/data")
    obj.clear_file_mounts()
    assert obj.get_file_mounts() == []


@pytest.mark.parametrize("cls", CLASSES)
def test_domain_normalization_and_mutators(cls: type) -> None:
    obj = cls(
        allowed_domains=[
            "https://API.Example.com/v1/items?x=1",
            ("pypi.org", ["post", "get", "GET"]),
            "localhost:8080",
            ("pypi.org", "head"),
        ]
    )
    assert obj.get_allowed_domains() == [
        AllowedDomain("api.example.com", None),  # a URL is reduced to its host (and port)
        AllowedDomain("localhost:8080", None),
        AllowedDomain("pypi.org", ("HEAD",)),  # a later entry for the same target replaces the earlier one
    ]
    obj.add_allowed_domains(AllowedDomain("*.github.com", ("get", "post")))
    assert obj.get_allowed_domains()[0] == AllowedDomain("*.github.com", ("GET", "POST"))
    obj.remove_allowed_domain("http://pypi.org/simple")
    assert [d.target for d in obj.get_allowed_domains()] == ["*.github.com", "api.example.com", "localhost:8080"]
    with pytest.raises(KeyError):
        obj.remove_allowed_domain("pypi.org")
    obj.clear_allowed_domains()
    assert obj.get_allowed_domains() == []


def test_run_tool_is_a_snapshot_and_state_is_serializable(dirs: dict[str, Path]) -> None:
    execute = HyperlightExecuteCodeTool(
        tools=[compute], file_mounts=[(dirs["data"], "data")], allowed_domains=["x.org"]
    )
    run_tool = execute.create_run_tool()
    execute.add_tools(send_email)
    execute.clear_file_mounts()
    execute.clear_allowed_domains()
    assert [t.name for t in run_tool.get_tools()] == ["compute"]
    assert run_tool.approval_mode == "never_require" and execute.approval_mode == "always_require"
    state = run_tool.build_serializable_state()
    assert json.loads(json.dumps(state)) == state
    assert state["tool_names"] == ["compute"] and state["approval_mode"] == "never_require"
    data = str(dirs["data"].resolve())
    assert state["file_mounts"] == [{"host_path": data, "mount_path": "/input/data", "writable": False}]
    assert state["allowed_domains"] == [{"target": "x.org", "methods": None}]
    assert state["max_output_files"] == 20 and state["max_output_file_bytes"] == 5 << 20
    assert state["max_output_total_bytes"] == 20 << 20 and state["execution_timeout_seconds"] == 30.0
    assert state["max_write_bytes"] == 256 << 20
    assert state["include_detailed_errors"] is False


def test_provider_records_its_state_per_run() -> None:
    provider = HyperlightCodeActProvider("codeact", tools=[compute])
    agent = Agent(client=ScriptedChatClient(first_call=("nothing", {})), context_providers=[provider])
    session = agent.create_session()
    asyncio.run(agent.run("hi", session=session))
    assert session.state["codeact"]["codeact"]["tool_names"] == ["compute"]
    assert session.state["codeact"]["codeact"]["approval_mode"] == "never_require"
    provider.add_tools(send_email)
    asyncio.run(agent.run("again", session=session))
    assert session.state["codeact"]["codeact"]["tool_names"] == ["compute", "send_email"]
    assert session.state["codeact"]["codeact"]["approval_mode"] == "always_require"


@pytest.mark.needs_vm
@pytest.mark.parametrize("cls", CLASSES)
def test_the_write_quota_reaches_the_sandbox(cls: type) -> None:
    obj = cls(max_write_bytes=1 << 20)
    execute = obj if cls is HyperlightExecuteCodeTool else obj._execute_code_tool
    assert execute.sandbox.max_write_bytes == 1 << 20
    assert execute.create_run_tool().sandbox.max_write_bytes == 1 << 20
    code = "try:\n    with open('/output/x', 'wb') as f:\n        f.write(b'q' * (2**20 + 1))\nexcept OSError as e:\n    print(e)"
    assert "the limit is 1048576 bytes per run" in stdout_of(execute, code)


# -- mounts and domains from inside the sandbox --


@pytest.mark.needs_vm
def test_mount_forms_land_where_documented(dirs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(dirs["root"])
    execute = HyperlightExecuteCodeTool(
        workspace_root=dirs["ws"],
        file_mounts=[
            str(dirs["data"]),  # absolute: the same path inside
            "models",  # relative: resolved against the current directory, at /input/models
            (dirs["config"], "cfg"),  # a relative mount path means /input/cfg
            (dirs["config"], "/etc/app", "rw"),  # an absolute mount path, writable (this package's form)
            (dirs["data"], "/input/sub/nested"),  # nested inside the workspace mount: longest prefix wins
        ],
    )
    code = (
        "import os\n"
        f"print(open({str(dirs['data'] / 'a.txt')!r}).read())\n"
        "print(open('/input/models/m.txt').read())\n"
        "print(open('/input/cfg/c.txt').read())\n"
        "print(open('/input/w.txt').read(), open('/input/sub/s.txt').read())\n"
        "print(open('/input/sub/nested/a.txt').read())\n"
        "print(sorted(os.listdir('/input/sub')))\n"
        "open('/etc/app/new.txt', 'w').write('written')\n"
        "try:\n    open('/input/cfg/new.txt', 'w')\nexcept PermissionError:\n    print('read-only')\n"
    )
    out = stdout_of(execute, code)
    assert out.splitlines() == [
        "data-a",
        "model",
        "config",
        "workspace sub",
        "data-a",
        "['nested', 's.txt']",
        "read-only",
    ]
    assert (dirs["config"] / "new.txt").read_text() == "written"
    assert "/input (read-only)" in execute.description and "/etc/app (read-write)" in execute.description
    # Host paths are not shown to the model (an absolute path alone is mounted at itself).
    assert str(dirs["models"]) not in execute.description and str(dirs["config"]) not in execute.description


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.mark.needs_vm
def test_domains_from_urls_and_methods_are_enforced(server: str) -> None:
    execute = HyperlightExecuteCodeTool(allowed_domains=[(f"http://{server}/api/v1", ["get"])])
    assert execute.get_allowed_domains() == [AllowedDomain(server, ("GET",))]
    code = (
        "import http\n"
        f"print(http.get('http://{server}/items').json()['path'])\n"
        f"try:\n    http.post('http://{server}/items', json={{}})\nexcept PermissionError:\n    print('POST refused')\n"
        "try:\n    http.get('http://127.0.0.2:9/')\nexcept PermissionError:\n    print('other host refused')\n"
    )
    assert stdout_of(execute, code).splitlines() == ["/items", "POST refused", "other host refused"]
    assert f"{server} (GET)" in execute.description


def stdout_of(execute: HyperlightExecuteCodeTool, code: str) -> str:
    contents = asyncio.run(execute.invoke(arguments={"code": code}))
    assert contents[0].type == "text", [(c.type, c.text, getattr(c, "error_details", None)) for c in contents]
    return contents[0].text or ""


# -- what the model is told --


def test_description_is_built_from_the_current_configuration(dirs: dict[str, Path]) -> None:
    execute = HyperlightExecuteCodeTool(tools=[compute])
    text = execute.description
    assert 'call_tool("name", **kwargs)' in text
    assert "- compute(operation: 'add'|'subtract'|'multiply'|'divide', a: float, b: float) -> float" in text
    assert "Perform a math operation." in text and "/output/" in text and "Network:" not in text
    execute.add_tools(fetch_data)
    execute.add_file_mounts((dirs["data"], "data"))
    execute.add_allowed_domains(("api.example.com", ["post", "get"]))
    text = execute.description
    assert "- fetch_data(table: str)" in text and "table: Name of the table" in text
    assert "/input/data (read-only)" in text and "api.example.com (GET, POST)" in text
    spec = execute.to_json_schema_spec()["function"]
    assert spec["description"] == text and spec["parameters"]["required"] == ["code"]
    assert execute.to_dict()["description"] == text
    # json format: the parameters' JSON Schema
    as_json = HyperlightExecuteCodeTool(tools=[compute], tool_description_format={"compute": "json"}).description
    assert "kwargs JSON Schema" in as_json and '"enum":["add","subtract","multiply","divide"]' in as_json


class Point(BaseModel):
    x: int
    y: int


@tool
def place(p: Point) -> str:
    """Place a point."""
    return ""


def test_rich_schemas_fall_back_to_json_schema() -> None:
    text = HyperlightExecuteCodeTool(tools=[place]).description
    assert "- place(**kwargs)" in text and '"x"' in text and '"y"' in text


def test_build_instructions_says_whether_tools_are_also_direct() -> None:
    execute = HyperlightExecuteCodeTool(tools=[compute])
    hidden = execute.build_instructions(tools_visible_to_model=False)
    visible = execute.build_instructions(tools_visible_to_model=True)
    assert "execute_code" in hidden and "only from inside the code" in hidden
    assert "also offered directly" in visible and hidden != visible
    provider = HyperlightCodeActProvider(tools=[compute])
    assert provider.build_instructions() == hidden


def test_instructions_plus_description_of_the_five_benchmark_tools_stay_below_427_tokens() -> None:
    pytest.importorskip("bpe_openai")
    from collections import Counter

    from bench import make_tools, prompt_tokens

    execute = HyperlightExecuteCodeTool(tools=make_tools(Counter()))
    tokens = count_tokens(execute.build_instructions(tools_visible_to_model=False)) + count_tokens(execute.description)
    assert tokens == prompt_tokens()["instructions_and_description"]
    print(f"\ninstructions + execute_code description, five benchmark tools: {tokens} o200k tokens")
    assert tokens < 427, tokens
