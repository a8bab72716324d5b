class ConfigError(Exception):
    pass

def load(raw):
    try:
        return int(raw)
    except ValueError as e:
        raise ConfigError(f"bad value {raw!r}") from e

try:
    load("abc")
except ConfigError as e:
    print(e, "| cause:", type(e.__cause__).__name__, e.__cause__)
try:
    try:
        {}["k"]
    except KeyError:
        raise RuntimeError("lookup failed")
except RuntimeError as e:
    print(e, type(e.__context__).__name__)
