"""Shared by the whole suite: whether a hypervisor is usable here (probed once), and the default
`sandbox` fixture.

A test that starts a real micro-VM says so with the `needs_vm` marker
(`@pytest.mark.needs_vm`, or `pytestmark = pytest.mark.needs_vm` for a whole module), or by
requesting the `needs_vm` fixture, directly or through another fixture (the `sandbox` fixtures
take `needs_vm`). Where no hypervisor is usable such a test is skipped with the reason
`no usable hypervisor: <problem> (fix: <fix>)`; the `hypervisor` fixture gives the probe's result
to the tests of the probe and of the no-hypervisor path themselves.
"""

from __future__ import annotations

from typing import Any

import pytest
from differential import snippet_sandbox

from hyperlight_codeact import Sandbox, hypervisor_info

HYPERVISOR: dict[str, Any] = dict(hypervisor_info())
NO_VM_REASON = f"no usable hypervisor: {HYPERVISOR['problem']} (fix: {HYPERVISOR['fix']})"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs_vm: starts a real micro-VM; skipped where no hypervisor is usable")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if HYPERVISOR["usable"]:
        return
    skip = pytest.mark.skip(reason=NO_VM_REASON)
    for item in items:
        if item.get_closest_marker("needs_vm") or "needs_vm" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def needs_vm() -> None:
    """Request it from a fixture that starts micro-VMs: its tests then need a usable hypervisor."""
    if not HYPERVISOR["usable"]:
        pytest.skip(NO_VM_REASON)


@pytest.fixture(scope="module")
def sandbox(needs_vm: None) -> Sandbox:
    """A sandbox for snippet comparisons, one per module; a module that wants other settings (tools,
    limits) defines its own `sandbox` fixture, which takes precedence."""
    return snippet_sandbox()


@pytest.fixture(scope="session")
def hypervisor() -> dict[str, Any]:
    """What `hypervisor_info()` said (usable, problem, fix, ...)."""
    return HYPERVISOR
