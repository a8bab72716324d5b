excs = [ValueError(), ValueError("msg"), ValueError("a", 2), KeyError("k"), KeyError(), IndexError(3), RuntimeError("x\ny"), Exception(None)]
for e in excs:
    print(f"{type(e).__name__:<12} str={str(e)!r:<14} repr={e!r}")
