import json
import io
buf = io.StringIO()
json.dump({"k": [1, 2]}, buf)
print(buf.getvalue())
buf.seek(0)
print(json.load(buf))
