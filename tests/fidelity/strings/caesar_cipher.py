def caesar(text, shift):
    out = []
    for ch in text:
        if ch.isalpha():
            base = ord("A") if ch.isupper() else ord("a")
            out.append(chr((ord(ch) - base + shift) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)
enc = caesar("Hello, World! xyz", 3)
print(enc, caesar(enc, -3))
table = str.maketrans("abc", "xyz", "!")
print("aabbcc!!".translate(table))
print("hello".translate({ord("l"): "L", ord("o"): None}))
