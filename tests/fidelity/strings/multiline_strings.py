template = """Dear {name},

Your order #{order:05d} of {qty} item(s) ships on {date}.
Total: ${total:,.2f}

Thanks!"""
print(template.format(name="Dana", order=421, qty=3, date="2024-06-01", total=1234.5))
lines = template.splitlines()
print(len(lines), [len(l) for l in lines])
raw = r"C:\new\table\x.txt"
print(raw, len(raw), "a\tb".expandtabs(4))
print("""single
line""".replace("\n", " "))
