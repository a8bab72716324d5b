config_text = """
# database settings
host = db.internal
port = 5432
debug = true
timeout = 2.5
name = "orders"   
empty =
"""
config = {}
for raw in config_text.splitlines():
    line = raw.strip()
    if not line or line.startswith("#"):
        continue
    key, _, value = line.partition("=")
    key, value = key.strip(), value.strip().strip('"')
    if value.lower() in ("true", "false"):
        value = value.lower() == "true"
    elif value.isdigit():
        value = int(value)
    else:
        try:
            value = float(value)
        except ValueError:
            pass
    config[key] = value
print(config)
print({k: type(v).__name__ for k, v in config.items()})
