raw = ["(555) 123-4567", "555.123.4567", "+1 555 123 4567", "5551234567", "123-45", "555-CALL-NOW"]
for r in raw:
    digits = "".join(c for c in r if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        print(f"{r:<18} -> ({digits[:3]}) {digits[3:6]}-{digits[6:]}")
    else:
        print(f"{r:<18} -> invalid ({len(digits)} digits)")
