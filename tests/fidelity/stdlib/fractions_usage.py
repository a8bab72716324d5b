from fractions import Fraction
a = Fraction(1, 3) + Fraction(1, 6)
print(a, float(a), a.numerator, a.denominator)
print(Fraction("0.75"), Fraction(3, 9) == Fraction(1, 3), sum(Fraction(1, n) for n in range(1, 5)))
