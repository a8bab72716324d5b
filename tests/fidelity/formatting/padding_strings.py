labels = ["id", "description", "qty"]
print([l.ljust(12, ".") for l in labels])
print([l.rjust(8) for l in labels])
print("title".center(21, "="))
print("42".zfill(6), "-42".zfill(6), "+7".zfill(4))
print(f"{'x':>5}{'y':<5}{'z':^5}|")
print(f"{'':-<30}")
print("{:>{w}}".format("dyn", w=9))
print(f"{'abc':.2}|{'abcdef':>8.4}|")
