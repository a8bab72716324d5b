s = "hello WORLD, it's a fine-day"
print(s.upper(), s.lower(), s.title(), s.capitalize(), s.swapcase(), sep="\n")
print("ß".casefold(), "ǅ".lower())
print("Hello World".istitle(), "HELLO".isupper(), "hello".islower(), "Hello".isupper())
print(" ".join(w.capitalize() for w in "the old man".split()))
