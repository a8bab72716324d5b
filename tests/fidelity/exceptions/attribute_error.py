class User:
    def __init__(self):
        self.name = "x"
u = User()
for expr in [lambda: u.email, lambda: None.strip(), lambda: [].push(1), lambda: "s".foo, lambda: (5).real.imag.bogus]:
    try:
        expr()
    except AttributeError as e:
        print("AttributeError:", e)
