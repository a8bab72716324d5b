"""The benchmark: both wirings give the exact totals; CodeAct needs fewer turns and tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("agent_framework")
pytest.importorskip("bpe_openai")
import bench  # noqa: E402

pytestmark = pytest.mark.needs_vm

EXPECTED = [
    "Diana: 104.40",
    "George: 52.77",
    "Charlie: 50.09",
    "Alice: 48.36",
    "Fiona: 36.70",
    "Evan: 21.77",
    "Hana: 10.35",
    "Bob: 9.71",
    "Total: 334.15",
]


@pytest.fixture(scope="module")
def result(monkeypatch_module: pytest.MonkeyPatch) -> dict:
    for var in ("HLC_BENCH_BASE_URL", "HLC_BENCH_API_KEY", "HLC_BENCH_MODEL"):
        monkeypatch_module.delenv(var, raising=False)
    return bench.run_benchmark(runs=1)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_both_wirings_give_the_exact_totals(result: dict) -> None:
    for wiring in ("traditional", "codeact"):
        assert result["wirings"][wiring]["answer"].splitlines()[1:] == EXPECTED
    assert [f"{n}: {t:.2f}" for n, t in bench.expected_totals().items()] == EXPECTED[:-1]


def test_model_turns_and_tool_calls(result: dict) -> None:
    trad, code = result["wirings"]["traditional"], result["wirings"]["codeact"]
    assert trad["model_turns"] == 4 and code["model_turns"] == 2
    calls = {"get_users": 1, "get_orders": 8, "get_discount_rate": 3, "get_tax_rate": 3, "compute_line_total": 11}
    assert trad["tool_calls"] == calls and trad["model_function_calls"] == 26
    assert code["tool_calls"] == calls and code["model_function_calls"] == 1  # one execute_code


def test_tokens_are_counted_and_codeact_uses_fewer(result: dict) -> None:
    for wiring in ("traditional", "codeact"):
        r = result["wirings"][wiring]
        assert r["input_tokens"] > 0 and r["output_tokens"] > 0
        assert r["total_tokens"] == r["input_tokens"] + r["output_tokens"]
        [sample] = result["samples"][wiring]
        assert sum(t["input_tokens"] for t in sample["turns"]) == r["input_tokens"]
    assert result["wirings"]["codeact"]["total_tokens"] < result["wirings"]["traditional"]["total_tokens"]
    assert result["reduction_percent"]["tokens"] > 0


def test_times_are_reported(result: dict) -> None:
    code = result["wirings"]["codeact"]
    assert 0 < code["sandbox_ms"] <= code["framework_sandbox_ms"] <= code["agent_run_ms"]
    assert result["wirings"]["traditional"]["sandbox_ms"] == 0
    for r in result["wirings"].values():
        assert r["total_ms"] == pytest.approx(r["framework_sandbox_ms"] + r["model_ms"])
    report = bench.format_report(result)
    assert "| traditional |" in report and "| codeact " in report and "CodeAct vs traditional" in report


def test_wrong_answer_raises() -> None:
    with pytest.raises(RuntimeError):
        bench.check_answer("x", "\n".join(EXPECTED).replace("9.71", "9.70"))


def test_chart_is_a_png(result: dict, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "bench.png"
    bench.write_chart(result, str(path))
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_cli_writes_json_and_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    monkeypatch.delenv("HLC_BENCH_BASE_URL", raising=False)
    assert bench.main(["--runs", "1", "--json", str(tmp_path / "b.json"), "--chart", str(tmp_path / "b.png")]) == 0
    assert "CodeAct vs traditional" in capsys.readouterr().out
    assert (tmp_path / "b.json").stat().st_size > 0 and (tmp_path / "b.png").stat().st_size > 0


def test_slow_tools_gathered_spend_a_fraction_of_the_sequential_tool_time(
    monkeypatch_module: pytest.MonkeyPatch,
) -> None:
    for var in ("HLC_BENCH_BASE_URL", "HLC_BENCH_API_KEY", "HLC_BENCH_MODEL"):
        monkeypatch_module.delenv(var, raising=False)
    r = bench.run_benchmark(runs=1, warmup=False, tool_latency_ms=100)
    w = r["wirings"]
    assert list(w) == ["traditional", "codeact", "codeact-gather"]
    for row in w.values():
        assert row["answer"].splitlines()[1:] == EXPECTED
        assert row["tool_calls_total"] == 26
    # 26 calls of 100 ms in a row vs three rounds of concurrent calls (generous bounds).
    assert w["codeact"]["tool_ms"] >= 2600
    assert w["codeact-gather"]["tool_ms"] < w["codeact"]["tool_ms"] / 3
    assert w["codeact-gather"]["model_turns"] == w["codeact"]["model_turns"] == 2
    assert "| codeact-gather |" in bench.format_report(r)
