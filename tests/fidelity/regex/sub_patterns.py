import re
print(re.sub(r"\s+", " ", "too    many   \t spaces\n here"))
print(re.sub(r"(\w+)@(\w+)\.com", r"\2 at \1", "mail ann@corp.com now"))
print(re.sub(r"\d", "#", "card 4111-1111-1111-1234", count=8))
print(re.sub(r"[aeiou]", lambda m: m.group().upper(), "regular expressions"))
print(re.subn(r"o", "0", "foo boo"))
print(re.sub(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)", r"\g<d>/\g<m>/\g<y>", "due 2024-07-15"))
