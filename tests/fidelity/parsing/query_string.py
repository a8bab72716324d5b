url = "https://shop.example.com/search?q=blue+shoes&size=42&color=navy&page=2&sort="
base, _, query = url.partition("?")
scheme, _, rest = base.partition("://")
host, _, path = rest.partition("/")
params = {}
for pair in query.split("&"):
    k, _, v = pair.partition("=")
    params[k] = v.replace("+", " ")
print(scheme, host, "/" + path)
print(params)
print(int(params["page"]) + 1, params.get("sort") or "relevance")
rebuilt = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v)
print(rebuilt)
