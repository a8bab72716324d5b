from dataclasses import dataclass, field

@dataclass
class Item:
    name: str
    price: float
    qty: int = 1
    tags: list = field(default_factory=list)

    @property
    def total(self):
        return self.price * self.qty

items = [Item("pen", 1.5, 10), Item("book", 12.0), Item("bag", 30.0, 2, ["gift"])]
for it in items:
    print(it, it.total)
print(items[0] == Item("pen", 1.5, 10), items[1] == items[2])
