from decimal import Decimal, ROUND_HALF_UP
a = Decimal("0.1") + Decimal("0.2")
print(a, a == Decimal("0.3"))
price = Decimal("19.995")
print(price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
print(sum(Decimal(x) for x in ["1.10", "2.20", "3.30"]))
print(Decimal("10") / Decimal("4"), Decimal(3) * Decimal("1.5"))
