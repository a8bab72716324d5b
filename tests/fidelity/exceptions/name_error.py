try:
    print(undefined_total)
except NameError as e:
    print(f"NameError: {e}")
def f():
    return missing_helper(3)
try:
    f()
except Exception as e:
    print(type(e).__name__, e)
