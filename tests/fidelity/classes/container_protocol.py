class Inventory:
    def __init__(self):
        self._items = {}
    def __setitem__(self, k, v):
        self._items[k] = v
    def __getitem__(self, k):
        return self._items[k]
    def __delitem__(self, k):
        del self._items[k]
    def __contains__(self, k):
        return k in self._items
    def __len__(self):
        return len(self._items)
    def __iter__(self):
        return iter(sorted(self._items))

inv = Inventory()
inv["apple"] = 3
inv["pear"] = 0
inv["fig"] = 12
print(len(inv), "fig" in inv, "kiwi" in inv, list(inv))
del inv["pear"]
print([f"{k}={inv[k]}" for k in inv])
try:
    inv["kiwi"]
except KeyError as e:
    print("missing", e)
