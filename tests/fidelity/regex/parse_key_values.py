import re
line = 'user="alice smith" id=42 role=admin note="has = sign" active=true'
pairs = re.findall(r'(\w+)=("[^"]*"|\S+)', line)
parsed = {k: v.strip('"') for k, v in pairs}
print(parsed)
print(re.escape("a.b*c"), re.compile(r"\d+").pattern)
