import string
print(string.ascii_lowercase, string.ascii_uppercase)
print(string.digits, string.hexdigits, len(string.punctuation))
print(string.capwords("hello big   world"))
t = string.Template("$who likes ${what}!")
print(t.substitute(who="Tim", what="tea"), t.safe_substitute(who="Ann"))
print("".join(c for c in "a1b2!c" if c in string.ascii_letters))
