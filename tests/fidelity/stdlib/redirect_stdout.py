# Capturing printed output: contextlib.redirect_stdout/redirect_stderr into io.StringIO.
import io, sys
from contextlib import redirect_stdout, redirect_stderr
f = io.StringIO()
with redirect_stdout(f):
    print("inside")
    help_text = "x"
print("outside", repr(f.getvalue()))
g = io.StringIO()
with redirect_stderr(g):
    print("err", file=sys.stderr)
print(repr(g.getvalue()))
r = redirect_stdout(io.StringIO())
with r as t:
    with r:
        print("nested")
print(repr(t.getvalue()), sys.stdout is sys.__stdout__)
