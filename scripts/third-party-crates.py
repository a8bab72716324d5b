#!/usr/bin/env python3
"""Lists the Rust crates linked into what we ship (the Python extension module, whose host crate
embeds the guest; the guest binary) with their licenses, from Cargo.lock via `cargo tree` and
`cargo metadata`. THIRD-PARTY-NOTICES carries its output; re-run after changing dependencies:

    python3 scripts/third-party-crates.py

Proc-macro crates and build dependencies run only at build time and are not linked: left out.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def linked(manifest_dir: Path, package: str, target: str) -> set[tuple[str, str]]:
    out = subprocess.run(
        ["cargo", "tree", "-q", "--locked", "-e", "normal,no-proc-macro", "--prefix", "none", "-p", package,
         "--target", target],
        cwd=manifest_dir, check=True, capture_output=True, text=True,
    ).stdout
    found = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].startswith("v"):
            found.add((parts[0], parts[1][1:]))
    return found


def licenses(manifest_dir: Path) -> dict[tuple[str, str], tuple[str, str]]:
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "-q", "--locked", "--format-version", "1"],
        cwd=manifest_dir, check=True, capture_output=True, text=True,
    ).stdout)
    return {(p["name"], p["version"]): (p.get("license") or p.get("license_file") or "?", p.get("repository") or "")
            for p in meta["packages"]}


def main() -> None:
    ours = {"hyperlight-codeact", "hyperlight-codeact-protocol", "hyperlight-codeact-python", "hyperlight-codeact-guest"}
    sections = [
        ("the extension module (hyperlight_codeact._native)", ROOT, "hyperlight-codeact-python", "x86_64-unknown-linux-gnu"),
        ("the guest (embedded in the extension module)", ROOT / "guest", "hyperlight-codeact-guest", "x86_64-unknown-none"),
    ]
    out = sys.stdout
    for title, cwd, package, target in sections:
        lic = licenses(cwd)
        crates = sorted(c for c in linked(cwd, package, target) if c[0] not in ours)
        out.write(f"Rust crates linked into {title}: {len(crates)}\n")
        for name, version in crates:
            license, repo = lic.get((name, version), ("?", ""))
            out.write(f"  {name} {version}: {license}{'  ' + repo if repo else ''}\n")
        out.write("\n")


if __name__ == "__main__":
    main()
