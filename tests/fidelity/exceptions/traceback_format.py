import traceback
def inner():
    raise ValueError("deep problem")
try:
    inner()
except ValueError as e:
    lines = traceback.format_exception_only(type(e), e)
    print(lines)
    print(str(e), e.args, isinstance(e, Exception))
