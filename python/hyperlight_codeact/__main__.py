"""Command line: `python -m hyperlight_codeact doctor` checks that micro-VMs work here."""

from __future__ import annotations

import argparse
import sys
import time

from hyperlight_codeact import Sandbox, SandboxError, __version__, guest_info, hypervisor_info


def doctor() -> int:
    """Print what this machine offers and whether a micro-VM starts; 0 when all is well.

    The hypervisor counts as usable only once a micro-VM has started and run `print(1)` on it:
    a device node that opens but cannot run a VM (no KVM support behind it, a hypervisor this
    build does not support) is reported as a failure, not as usable.
    """
    print(f"hyperlight-codeact {__version__}")

    hv = hypervisor_info()
    if hv["usable"]:
        print(f"hypervisor:  {hv['kind']} ({hv['device']} opened)")
    else:
        print("hypervisor:  none usable")
        print(f"  problem:   {hv['problem']}")
        print(f"  fix:       {hv['fix']}")

    guest = guest_info()
    print(f"guest:       version {guest['version']}, sha256 {guest['sha256']}, {guest['size_bytes']:,} bytes")

    if not hv["usable"]:
        print("micro-VM:    not tried (no hypervisor)")
        print("result:      FAIL (not usable)")
        return 1

    try:
        t0 = time.perf_counter()
        sandbox = Sandbox()
        t1 = time.perf_counter()
        result = sandbox.run("print(1)")
        t2 = time.perf_counter()
    except SandboxError as e:
        print(f"micro-VM:    failed to start or run: {type(e).__name__}: {e}")
        print(f"result:      FAIL ({hv['device']} opens, but no micro-VM runs on it)")
        return 1
    if not (result.success and result.stdout == "1\n"):
        print(f"micro-VM:    started, but print(1) gave {result!r}")
        print("result:      FAIL")
        return 1
    print(f"micro-VM:    starts in {(t1 - t0) * 1e3:.1f} ms; print(1) runs in {(t2 - t1) * 1e3:.2f} ms")
    print("result:      OK (usable: a micro-VM started and ran print(1))")
    return 0


def version() -> str:
    """The package version and the embedded guest's version and sha256."""
    guest = guest_info()
    return f"hyperlight-codeact {__version__} (guest {guest['version']}, sha256 {guest['sha256']})"


def main(argv: list[str] | None = None) -> int:
    # Raw text: the --version line must not be wrapped at the terminal's width.
    parser = argparse.ArgumentParser(
        prog="python -m hyperlight_codeact", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--version", action="version", version=version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("doctor", help="check the hypervisor, the embedded guest and a micro-VM start")
    args = parser.parse_args(argv)
    if args.command == "doctor":
        return doctor()
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
