# contextlib as agent code uses it: a @contextmanager helper with setup/teardown, errors
# handled inside it, suppress(), closing(), nullcontext() and an ExitStack of resources.
from contextlib import ExitStack, closing, contextmanager, nullcontext, suppress

events = []


@contextmanager
def section(title, indent=0):
    events.append("  " * indent + "begin " + title)
    try:
        yield title.lower()
    except KeyError as exc:
        events.append("  " * indent + "missing key " + str(exc))
    finally:
        events.append("  " * indent + "end " + title)


with section("Load") as name:
    with section("Parse", 1):
        events.append("    parsing " + name)
    with section("Lookup", 1):
        {"a": 1}["b"]
print("\n".join(events))


@contextmanager
def transaction(store):
    snapshot = dict(store)
    try:
        yield store
    except Exception:
        store.clear()
        store.update(snapshot)
        raise


accounts = {"alice": 100, "bob": 50}
try:
    with transaction(accounts) as acc:
        acc["alice"] -= 80
        acc["bob"] += 80
        if acc["alice"] < 50:
            raise ValueError("balance too low")
except ValueError as exc:
    print("rolled back:", exc, accounts)

values = []
for raw in ["1", "x", "3", None, "5"]:
    with suppress(ValueError, TypeError):
        values.append(int(raw))
print("parsed", values)


class Connection:
    def __init__(self, name):
        self.name = name
        self.open = True

    def query(self, q):
        return "%s: %s" % (self.name, q.upper())

    def close(self):
        self.open = False
        print("closed", self.name)


with closing(Connection("db")) as conn:
    print(conn.query("select 1"))
print("still open?", conn.open)


def process(items, lock=None):
    with lock if lock is not None else nullcontext():
        return sum(items)


print(process([1, 2, 3]))


class Resource:
    def __init__(self, name, log):
        self.name, self.log = name, log

    def __enter__(self):
        self.log.append("open " + self.name)
        return self

    def __exit__(self, *exc):
        self.log.append("close " + self.name)
        return False


log = []
with ExitStack() as stack:
    resources = [stack.enter_context(Resource(n, log)) for n in ("a", "b", "c")]
    stack.callback(log.append, "flush")
    log.append("using " + ",".join(r.name for r in resources))
print(log)

log = []
try:
    with ExitStack() as stack:
        stack.enter_context(Resource("x", log))
        raise RuntimeError("failed midway")
except RuntimeError as exc:
    print("error:", exc, log)


@section("decorated")
def work(n):
    return n * n


events.clear()
print(work(7), events)
