import re
s = "Order 66 shipped 3 items at $12.50 each, total $37.50 (-5% discount) on 2024-06-01"
print(re.findall(r"\d+", s))
print(re.findall(r"-?\d+(?:\.\d+)?", s))
print([float(x) for x in re.findall(r"\$(\d+\.\d{2})", s)])
m = re.search(r"(\d{4})-(\d{2})-(\d{2})", s)
print(m.group(0), m.groups(), m.group(1), m.start(), m.end(), m.span())
