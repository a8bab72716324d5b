"""Runs the issue's example program in a micro-VM (later: an agent run that writes such code)."""

from hyperlight_codeact import Sandbox

CODE = "import math\nprint(sum(i*i for i in range(10)), math.sqrt(2.0), 7/2)"

sandbox = Sandbox()
result = sandbox.run(CODE)
print(result.stdout, end="")
if not result.success:
    print(result.traceback or result.error)
    raise SystemExit(1)
