for v in [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 4.5]:
    print(v, round(v))
for v in [1.005, 2.345, 0.125, 0.375, 1.115, 10.555]:
    print(v, round(v, 2))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2), round(-2.5))
print(type(round(2.5)).__name__, type(round(2.5, 1)).__name__)
print(round(7), round(7.0, 0))
