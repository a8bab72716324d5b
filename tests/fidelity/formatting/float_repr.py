vals = [0.1 + 0.2, 1 / 3, 2 / 3, 1e22, 1e-7, 123456789.123, 0.5, 100.0, -0.0, 2.675, 1e16, 12345678901234567.0]
for v in vals:
    print(v, repr(v), str(v))
print(round(2.675, 2), round(0.125, 2), round(-1.5), round(2.5), round(3.5))
print(float("inf"), float("-inf"), float("nan"))
print(3.0, 3.10, 1e5, 1e100, 5e-324)
print([1.5, 2.25, 3.0])
print(sum([0.1] * 10), 0.1 * 3)
