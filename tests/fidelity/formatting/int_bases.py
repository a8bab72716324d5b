for n in [0, 5, 255, 4096, 65535]:
    print(f"{n:>6} {n:#06x} {n:08b} {n:o} {n:X}")
print(f"{255:#b} {255:#o} {255:#X}")
print(format(10, "b"), format(10, "x"), format(255, "02x"))
print(hex(48879), oct(8), bin(5))
print(int("ff", 16), int("0b101", 0), int("777", 8))
print("{:,}".format(10 ** 12))
print(f"{1_000_000:_x}")
