"""The README's runnable examples: every ```python block followed by "prints" and a ```text block
runs as a script (in a new interpreter, from an empty directory) and prints exactly that text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hyperlight_codeact import hypervisor_info

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"```python\n((?:(?!```).)*)```\n\nprints\n\n```text\n((?:(?!```).)*)```", re.S)
HYPERVISOR = hypervisor_info()


def examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall(README.read_text(encoding="utf-8"))


def test_the_readme_has_its_examples() -> None:
    codes = [code for code, _ in examples()]
    assert len(codes) >= 2
    assert any("Sandbox(" in c for c in codes), "the quick start"
    assert any("HyperlightCodeActProvider(" in c and "agent.run(" in c for c in codes), "the Agent Framework example"


@pytest.mark.skipif(
    not HYPERVISOR["usable"], reason=f"no usable hypervisor: {HYPERVISOR['problem']} (fix: {HYPERVISOR['fix']})"
)
@pytest.mark.parametrize("index", range(len(examples())))
def test_readme_example_prints_what_the_readme_says(index: int, tmp_path: Path) -> None:
    code, expected = examples()[index]
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    # As the README says: the scripted model (examples/scripted_model.py) on PYTHONPATH.
    env = {**os.environ, "PYTHONPATH": str(README.parent / "examples")}
    p = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path, env=env
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
