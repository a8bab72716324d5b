import json
for bad in ['{"a": 1,}', "not json", "{'single': 1}", "[1, 2", ""]:
    try:
        json.loads(bad)
        print("parsed", bad)
    except json.JSONDecodeError as e:
        print("invalid:", repr(bad))
    except ValueError as e:
        print("ValueError:", repr(bad))
