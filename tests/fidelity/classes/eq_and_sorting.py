from functools import total_ordering

@total_ordering
class Card:
    order = "23456789TJQKA"
    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit
    def __eq__(self, o):
        return self.rank == o.rank
    def __lt__(self, o):
        return self.order.index(self.rank) < self.order.index(o.rank)
    def __repr__(self):
        return self.rank + self.suit

hand = [Card("K", "h"), Card("3", "s"), Card("A", "d"), Card("T", "c"), Card("3", "d")]
print(sorted(hand), max(hand), min(hand))
print(Card("Q", "h") >= Card("J", "s"), Card("2", "h") > Card("2", "s"))
