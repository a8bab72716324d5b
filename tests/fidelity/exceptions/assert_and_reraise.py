def check(x):
    assert x > 0, f"expected positive, got {x}"
    return x
try:
    check(-1)
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert 1 == 2
except AssertionError as e:
    print("bare assert:", repr(e))
def wrapper():
    try:
        check(0)
    except AssertionError:
        print("logging and re-raising")
        raise
try:
    wrapper()
except AssertionError as e:
    print("caught again:", e)
