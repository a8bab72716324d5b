class ValidationError(Exception):
    pass

def validate(rec):
    if "id" not in rec:
        raise ValidationError(f"record {rec} has no id")

validate({"id": 1})
print("first ok")
validate({"name": "x"})
