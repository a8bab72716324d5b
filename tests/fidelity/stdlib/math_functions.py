import math
print(math.sqrt(16), math.pi, math.e)
print(math.floor(-2.5), math.ceil(2.1), math.trunc(-2.7), math.fabs(-3))
print(math.gcd(48, 18), math.lcm(4, 6), math.factorial(10), math.comb(10, 3), math.perm(5, 2))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isnan(float("nan")), math.isinf(float("inf")))
print(math.log(100, 10), math.log10(1000), math.log2(8), math.exp(0))
print(round(math.sin(math.pi / 6), 10), round(math.degrees(math.pi), 6), math.radians(180))
print(math.hypot(3, 4), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), math.isqrt(17))
print(math.copysign(3, -0.0), math.inf > 1e308, math.dist((0, 0), (3, 4)))
