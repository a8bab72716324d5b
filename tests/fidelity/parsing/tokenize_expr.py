def tokenize(expr):
    tokens, num = [], ""
    for ch in expr:
        if ch.isdigit() or ch == ".":
            num += ch
            continue
        if num:
            tokens.append(float(num) if "." in num else int(num))
            num = ""
        if ch in "+-*/()":
            tokens.append(ch)
        elif not ch.isspace():
            raise ValueError(f"unexpected character {ch!r}")
    if num:
        tokens.append(float(num) if "." in num else int(num))
    return tokens

def evaluate(tokens):
    def expr(i):
        v, i = term(i)
        while i < len(tokens) and tokens[i] in "+-":
            op = tokens[i]
            r, i = term(i + 1)
            v = v + r if op == "+" else v - r
        return v, i
    def term(i):
        v, i = factor(i)
        while i < len(tokens) and tokens[i] in ("*", "/"):
            op = tokens[i]
            r, i = factor(i + 1)
            v = v * r if op == "*" else v / r
        return v, i
    def factor(i):
        t = tokens[i]
        if t == "(":
            v, i = expr(i + 1)
            return v, i + 1
        return t, i + 1
    return expr(0)[0]

for e in ["1 + 2 * 3", "(1 + 2) * 3", "10 / 4", "2 * (3 + 4) - 5.5", "7 $ 2"]:
    try:
        t = tokenize(e)
        print(e, "=", evaluate(t), t)
    except ValueError as err:
        print(e, "->", err)
