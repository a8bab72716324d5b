class Money:
    rates = {"USD": 1.0, "EUR": 1.1, "GBP": 1.25}

    def __init__(self, amount, currency="USD"):
        self.amount, self.currency = amount, currency

    @classmethod
    def from_string(cls, s):
        amount, cur = s.split()
        return cls(float(amount), cur)

    @staticmethod
    def valid_currency(c):
        return c in Money.rates

    def to_usd(self):
        return Money(round(self.amount * self.rates[self.currency], 2))

    def __str__(self):
        return f"{self.amount:.2f} {self.currency}"

m = Money.from_string("20 EUR")
print(m, "->", m.to_usd())
print(Money.valid_currency("GBP"), Money.valid_currency("JPY"))
print(type(m).__name__, isinstance(m, Money))
