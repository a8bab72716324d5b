import re
text = "cat bat rat cab"
for m in re.finditer(r"\b(\w)at\b", text):
    print(m.group(), m.group(1), m.span())
print([m.start() for m in re.finditer("a", text)])
