prices = {"apple": 1.2}
try:
    prices["banana"]
except KeyError as e:
    print("missing key:", e, repr(e), e.args)
try:
    {}[("a", 1)]
except KeyError as e:
    print(e)
try:
    {}.pop("x")
except KeyError as e:
    print("pop:", e)
print(prices.get("banana", 0.0))
