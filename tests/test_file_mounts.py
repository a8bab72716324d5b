"""file_mounts and /output from Python, in real micro-VMs: ordinary open()/os code works inside
the mounts, and everything else is refused by the host with the reason."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from hyperlight_codeact import FileMount, Sandbox

pytestmark = pytest.mark.needs_vm


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    data, work, outside = tmp_path / "data", tmp_path / "work", tmp_path / "outside"
    for d in (data, work, outside):
        d.mkdir()
    (data / "sales.csv").write_text("region,amount\nEU,10.5\nUS,4\nEU,1.5\n")
    (data / "nested").mkdir()
    (data / "nested" / "notes.txt").write_text("héllo\nwörld\n", encoding="utf-8")
    (outside / "secret.txt").write_text("top secret")
    os.symlink(outside / "secret.txt", data / "link-out.txt")
    return {"data": data, "work": work, "outside": outside}


@pytest.fixture
def sandbox(tree: dict[str, Path]) -> Sandbox:
    return Sandbox(file_mounts=[(tree["data"], "/data"), FileMount(tree["work"], "/work", writable=True)])


def check(sandbox: Sandbox, code: str) -> str:
    r = sandbox.run(code)
    assert r.success, (r.error, r.stdout, r.stderr)
    return r.stdout


def refusal(sandbox: Sandbox, code: str) -> tuple[str, str]:
    r = sandbox.run(f"try:\n    {code}\nexcept OSError as e:\n    print(type(e).__name__)\n    print(e)\n")
    assert r.success, r.error
    kind, message = r.stdout.splitlines()[:2]
    return kind, message


def test_reads_mounted_files_the_ordinary_way(sandbox: Sandbox) -> None:
    out = check(
        sandbox,
        "import os, json\n"
        "totals = {}\n"
        "with open('/data/sales.csv') as f:\n"
        "    next(f)\n"
        "    for line in f:\n"
        "        region, amount = line.strip().split(',')\n"
        "        totals[region] = totals.get(region, 0) + float(amount)\n"
        "print(json.dumps(totals))\n"
        "print(open('/data/nested/notes.txt', encoding='utf-8').read().splitlines())\n"
        "print(sorted(os.listdir('/data')))\n"
        "print([(root, sorted(files)) for root, dirs, files in os.walk('/data/nested')])\n"
        "os.chdir('/data'); print(os.path.exists('sales.csv'), os.path.getsize('sales.csv'))\n",
    )
    assert out.splitlines() == [
        '{"EU": 12.0, "US": 4.0}',
        "['héllo', 'wörld']",
        "['link-out.txt', 'nested', 'sales.csv']",
        "[('/data/nested', ['notes.txt'])]",
        "True 34",
    ]


def test_writes_to_writable_mount_and_output_files_come_back(sandbox: Sandbox, tree: dict[str, Path]) -> None:
    r = sandbox.run(
        "import os, json\n"
        "os.makedirs('/work/out', exist_ok=True)\n"
        "with open('/work/out/summary.json', 'w') as f:\n"
        "    json.dump({'n': 3}, f)\n"
        "with open('/output/report.md', 'w') as f:\n"
        "    print('# Report', file=f)\n"
        "    f.write('ok\\n')\n"
        "open('/output/blob.bin', 'wb').write(bytes([0, 255]) * 3)\n"
    )
    assert r.success, r.error
    assert json_load(tree["work"] / "out" / "summary.json") == {"n": 3}
    assert [(f.path, f.name, f.data) for f in r.files] == [
        ("/output/blob.bin", "blob.bin", b"\x00\xff" * 3),
        ("/output/report.md", "report.md", b"# Report\nok\n"),
    ]
    assert r.files[1].text() == "# Report\nok\n" and r.files[1].size == 12
    ops = [(op["op"], op["target"], op["error"]) for op in r.host_ops]
    assert ("fs.write", "/output/report.md", None) in ops


def json_load(path: Path) -> object:
    import json

    return json.loads(path.read_text())


@pytest.mark.parametrize(
    ("code", "kind", "says"),
    [
        ("open('/data/../outside/secret.txt')", "PermissionError", "escapes mount '/data'"),
        ("open('/etc/passwd')", "PermissionError", "not inside any mount"),
        ("open('/data/link-out.txt').read()", "PermissionError", "symlink out of mount '/data'"),
        ("open('/data/new.txt', 'w')", "PermissionError", "mount '/data' is read-only"),
        ("open('/data/sales.csv', 'a').write('x')", "PermissionError", "read-only"),
        ("__import__('os').remove('/data/sales.csv')", "PermissionError", "read-only"),
        ("__import__('os').listdir('/work/../data/../../')", "PermissionError", ""),
        ("open('/data/missing.csv')", "FileNotFoundError", "No such file or directory: '/data/missing.csv'"),
    ],
)
def test_refusals_say_why(sandbox: Sandbox, tree: dict[str, Path], code: str, kind: str, says: str) -> None:
    got_kind, message = refusal(sandbox, code)
    assert got_kind == kind, message
    assert says in message, message
    assert str(tree["outside"]) not in message and str(tree["data"]) not in message, "host paths stay hidden"
    assert (tree["data"] / "sales.csv").read_text().startswith("region,amount")
    assert not (tree["data"] / "new.txt").exists()


def test_no_mounts_means_no_host_files() -> None:
    sandbox = Sandbox()
    kind, message = refusal(sandbox, "open('/etc/hostname').read()")
    assert kind == "PermissionError" and "not inside any mount" in message
    kind, _ = refusal(sandbox, "open(__import__('os').path.expanduser('~/.ssh/id_rsa'))")
    assert kind in ("PermissionError", "FileNotFoundError")
    assert Sandbox(output_dir=False).run("open('/output/x', 'w')").exception_type == "PermissionError"


def test_mounts_take_the_agent_framework_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same parser as HyperlightExecuteCodeTool's (policy::forms): a relative host path is
    # resolved against the current directory, a relative mount path is under /input.
    (tmp_path / "rel").mkdir()
    (tmp_path / "rel" / "a.txt").write_text("hi")
    monkeypatch.chdir(tmp_path)
    sb = Sandbox(file_mounts=[("rel", "data"), "rel"])
    real = str((tmp_path / "rel").resolve())
    assert sb.file_mounts == [(real, "/input/data", False), (real, "/input/rel", False)]
    assert sb.run("print(open('/input/data/a.txt').read(), open('input/rel/a.txt').read())").stdout == "hi hi\n"
    with pytest.raises(FileNotFoundError, match="^a mount's host path '.*/missing' does not exist$"):
        Sandbox(file_mounts=[str(tmp_path / "missing")])
    with pytest.raises(ValueError, match="must not contain '..'"):
        Sandbox(file_mounts=[(tmp_path, "/x/../y")])


def test_bad_mount_arguments_fail_at_construction(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"):
        Sandbox(file_mounts=[(tmp_path, "/x", "sometimes")])
    with pytest.raises(TypeError, match="list"):
        Sandbox(file_mounts=str(tmp_path))
    with pytest.raises(Exception, match="/output"):
        Sandbox(file_mounts=[(tmp_path, "/output")])
    sb = Sandbox(file_mounts=[(tmp_path, "/x", "rw"), str(tmp_path)])
    assert sb.file_mounts == [(str(tmp_path), "/x", True), (str(tmp_path), str(tmp_path), False)]


def test_the_per_run_write_quota_is_a_sandbox_argument(tree: dict[str, Path]) -> None:
    for bad in (0, -1):
        with pytest.raises(ValueError, match=f"^max_write_bytes must be at least 1, got {bad}$"):
            Sandbox(max_write_bytes=bad)
    assert Sandbox().max_write_bytes == 256 << 20
    sb = Sandbox(file_mounts=[FileMount(tree["work"], "/work", writable=True)], max_write_bytes=3 << 20)
    assert sb.max_write_bytes == 3 << 20
    # /output and the writable mount share the quota; rewrites count again.
    code = """
n = 0
try:
    for path in ['/work/a', '/output/b', '/work/a', '/output/b']:
        with open(path, 'wb') as f:
            f.write(b'q' * 2**20)
        n += 1
except OSError as e:
    print(n, type(e).__name__, e)
"""
    assert sb.run(code).stdout == (
        "3 OSError this run has written 3145728 bytes to files; the limit is 3145728 bytes per run\n"
    )
    # Per run: the next run has the whole quota again.
    assert sb.run("open('/work/c', 'wb').write(b'q' * 2**20)").success
    assert (tree["work"] / "c").stat().st_size == 1 << 20


def test_output_files_reach_the_agent_as_data_contents() -> None:
    pytest.importorskip("agent_framework")
    from hyperlight_codeact import HyperlightExecuteCodeTool

    tool_ = HyperlightExecuteCodeTool()
    contents = asyncio.run(
        tool_.invoke(arguments={"code": "open('/output/totals.csv', 'w').write('a,1\\n')\nprint('done')"})
    )
    text, data = contents
    assert text.text == "done\n"
    assert data.type == "data" and data.media_type == "text/csv"
    assert data.additional_properties["path"] == "/output/totals.csv"
