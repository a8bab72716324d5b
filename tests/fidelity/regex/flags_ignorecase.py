import re
text = "Python is great. PYTHON is fast? python!"
print(re.findall(r"python", text, re.IGNORECASE))
print(len(re.findall(r"python", text, flags=re.I)))
multi = "first line\nsecond line\nthird"
print(re.findall(r"^\w+", multi, re.MULTILINE))
print(re.findall(r"line$", multi, re.M))
print(re.search(r"first.*third", multi, re.DOTALL) is not None, re.search(r"first.*third", multi) is None)
