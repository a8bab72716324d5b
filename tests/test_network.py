"""allowed_domains from Python, in real micro-VMs. Every request goes to a server on 127.0.0.1
that counts the connections it accepts, so "refused" also means "no connection was made"."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator

import pytest

from hyperlight_codeact import AllowedDomain, Sandbox

pytestmark = pytest.mark.needs_vm


class Server(http.server.ThreadingHTTPServer):
    accepted = 0

    def get_request(self):  # type: ignore[no-untyped-def]
        conn = super().get_request()
        Server.accepted += 1
        return conn


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {"Content-Type": "application/json"}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.startswith("/repos"):
            self._reply(200, json.dumps({"path": self.path, "agent": self.headers.get("X-Test")}).encode())
        elif self.path == "/big":
            self._reply(200, b"x" * 600_000, {"Content-Type": "text/plain"})
        elif self.path == "/to-denied":
            self._reply(302, b"", {"Location": "http://127.0.0.2:9/steal"})
        elif self.path == "/to-allowed":
            self._reply(302, b"", {"Location": "/repos/after-redirect"})
        else:
            self._reply(404, b'{"error": "not found"}')

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._reply(201, json.dumps({"got": body.decode(), "type": self.headers.get("Content-Type")}).encode())

    do_DELETE = do_POST


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    srv = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def run_ok(sandbox: Sandbox, code: str) -> str:
    r = sandbox.run(code)
    assert r.success, (r.error, r.stdout, r.stderr)
    return r.stdout


def test_allowed_requests_work_like_requests(server: str) -> None:
    sandbox = Sandbox(allowed_domains=[server])
    out = run_ok(
        sandbox,
        "import http\n"
        f"r = http.get('http://{server}/repos/x', params={{'page': 2}}, headers={{'X-Test': 'yes'}})\n"
        "print(r.status_code, r.ok, r.headers['Content-Type'], r.json())\n"
        f"r = http.post('http://{server}/items', json={{'a': 1}})\n"
        "print(r.status_code, r.json())\n"
        f"print(len(http.get('http://{server}/big').content))\n"
        f"print(http_get('http://{server}/to-allowed')['body'])\n"
        f"print(http_post('http://{server}/items', {{'b': 2}}).json()['got'])\n"
        f"r = http.get('http://{server}/nope'); print(r.status_code, r.json())\n",
    )
    assert out.splitlines() == [
        "200 True application/json {'path': '/repos/x?page=2', 'agent': 'yes'}",
        "201 {'got': '{\"a\": 1}', 'type': 'application/json'}",
        "600000",
        '{"path": "/repos/after-redirect", "agent": null}',
        '{"b": 2}',
        "404 {'error': 'not found'}",
    ]


def test_denied_requests_make_no_connection(server: str) -> None:
    sandbox = Sandbox(
        allowed_domains=[AllowedDomain(server, ("GET",)), "api.github.com"],
    )
    port = int(server.rsplit(":", 1)[1])
    denied = [
        f"http.post('http://{server}/items', data='x')",  # method not allowed
        f"http.request('DELETE', 'http://{server}/items')",
        f"http.get('http://localhost:{port}/repos')",  # a different name for the same host
        f"http.get('http://127.0.0.1:{port + 1}/repos')",  # another port
        "http.get('https://api.github.com.evil.com/repos')",
        "http.get('https://evilapi.github.com/repos')",
        "http.get('ftp://api.github.com/x')",
        f"http.get('http://{server}/to-denied')",  # redirect to a host not on the list
    ]
    for code in denied:
        before = Server.accepted
        r = sandbox.run(f"import http\ntry:\n    {code}\nexcept PermissionError as e:\n    print(e)\n")
        assert r.success and "Permission denied" in r.stdout, (code, r.stdout, r.error)
        # Only the redirect case reaches the server (the allowed first hop), never the target.
        assert Server.accepted - before == (1 if "to-denied" in code else 0), code
    [op] = [op for op in sandbox.run(f"import http\nhttp.get('http://{server}/to-denied')").host_ops]
    assert op["op"] == "http.request" and "redirect" in op["error"]


def test_no_allow_list_means_no_network(server: str) -> None:
    before = Server.accepted
    r = Sandbox().run(f"http_get('http://{server}/repos')")
    assert r.exception_type == "PermissionError"
    assert "no allowed_domains" in (r.error or "")
    r = Sandbox().run("import socket")
    assert r.exception_type == "ModuleNotFoundError"
    assert Server.accepted == before


def test_allowed_domains_are_validated_and_listed() -> None:
    sandbox = Sandbox(allowed_domains=[("api.example.com", ["get", "POST"]), "*.example.org"])
    assert sandbox.allowed_domains == [("api.example.com", ["GET", "POST"]), ("*.example.org", None)]
    with pytest.raises(ValueError):
        Sandbox(allowed_domains=[("api.example.com", "FETCH")])
    with pytest.raises(TypeError):
        Sandbox(allowed_domains="api.example.com")
    # A URL is reduced to its origin; its scheme stays (https only), as the Sandbox always did.
    sandbox = Sandbox(allowed_domains=["https://API.Example.com/v1/items?x=1", ("x.org:080", ("post", "GET", "get"))])
    assert sandbox.allowed_domains == [("https://api.example.com", None), ("x.org:80", ["GET", "POST"])]
    with pytest.raises(ValueError, match="^invalid allowed_domains entry 'ftp://x.org': scheme must be http or https$"):
        Sandbox(allowed_domains=["ftp://x.org"])


def test_code_written_for_requests_runs_unchanged(server: str) -> None:
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = f"127.0.0.1:{closed.getsockname()[1]}"
    closed.close()  # nothing listens there: connecting is refused
    sandbox = Sandbox(allowed_domains=[server, dead])
    out = run_ok(
        sandbox,
        "import requests\n"
        f"r = requests.get('http://{server}/repos/x', params={{'page': 2}}, headers={{'X-Test': 'yes'}}, timeout=10)\n"
        "r.raise_for_status()\n"
        "print(r.status_code, r.ok, r.json())\n"
        "with requests.Session() as s:\n"
        "    s.headers['X-Test'] = 'session'\n"
        f"    print(s.get('http://{server}/repos/y').json()['agent'])\n"
        f"    print(s.post('http://{server}/p', json={{'a': 1}}).json())\n"
        "try:\n"
        f"    requests.get('http://{server}/missing').raise_for_status()\n"
        "except requests.exceptions.HTTPError as e:\n"
        "    print('HTTPError', e.response.status_code, isinstance(e, requests.RequestException))\n"
        "try:\n"
        f"    requests.get('http://{dead}/')\n"
        "except requests.ConnectionError as e:\n"
        "    print('ConnectionError', isinstance(e, requests.exceptions.RequestException))\n"
        "try:\n"
        "    requests.get('http://127.0.0.3:1/')\n"
        "except PermissionError as e:\n"
        "    print('PermissionError')\n",
    )
    assert out.splitlines() == [
        "200 True {'path': '/repos/x?page=2', 'agent': 'yes'}",
        "session",
        "{'got': '{\"a\": 1}', 'type': 'application/json'}",
        "HTTPError 404 True",
        "ConnectionError True",
        "PermissionError",
    ], out
