text = """[server]
host = 0.0.0.0
port = 8000

[database]
url = postgres://localhost/app
pool = 5

[features]
beta = yes
"""
sections = {}
current = None
for line in text.splitlines():
    line = line.strip()
    if not line:
        continue
    if line.startswith("[") and line.endswith("]"):
        current = line[1:-1]
        sections[current] = {}
    else:
        k, v = (s.strip() for s in line.split("=", 1))
        sections[current][k] = v
print(list(sections))
print(sections["database"])
print(int(sections["server"]["port"]) + int(sections["database"]["pool"]))
